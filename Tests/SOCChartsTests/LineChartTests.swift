import SOCCharts
import SOCLayout
import Testing

@Suite("LineChart")
struct LineChartTests {
    /// Point markers of the plot (legend keys excluded), left to right.
    func markers(_ drawn: Drawn, series: [String]) -> [Drawn.Shape] {
        let legendRows = series.compactMap { drawn.text($0)?.centerY }
        return drawn.shapes.filter { shape in
            shape.kind != .path || shape.fill != nil
        }.filter { shape in
            shape.fill != style.emphasis
                && !legendRows.contains { abs($0 - (shape.bounds.y + shape.bounds.height / 2)) < style.legend.size / 2 }
        }.sorted { $0.bounds.x < $1.bounds.x }
    }

    @Test("each series has its own marker shape, in the plot and in the legend")
    func distinctMarkers() throws {
        let chart = LineChart(
            categories: ["9月", "10月", "11月"],
            series: [
                LineSeries("a", values: [1, 2, 3]), LineSeries("b", values: [30, 20, 10]),
                LineSeries("c", values: [5, 15, 25]),
            ], style: style)
        let drawn = Drawn(chart.items(width: 400, measurer: measurer))
        let points = markers(drawn, series: ["a", "b", "c"])
        #expect(points.filter { $0.kind == .circle }.count == 3)
        #expect(points.filter { $0.kind == .rect }.count == 3)
        #expect(points.filter { $0.kind == .path }.count == 3)
        let keys = drawn.legendKeys(["a", "b", "c"]).compactMap { $0 }
        #expect(keys.map(\.kind) == [.circle, .rect, .path])
        #expect(Set(keys.map(\.fill)).count == 3)
    }

    @Test("points lie on a linear scale and a line joins them")
    func pointPositions() throws {
        let values = [0.0, 4, 10, 7]
        let chart = LineChart(
            categories: ["a", "b", "c", "d"], series: [LineSeries("x", values: values)], style: style)
        let drawn = Drawn(chart.items(width: 400, measurer: measurer))
        let points = markers(drawn, series: ["x"])
        try #require(points.count == 4)
        let ys = points.map { $0.bounds.y + $0.bounds.height / 2 }
        let perUnit = (ys[0] - ys[2]) / 10
        for (y, v) in zip(ys, values) { #expect(abs(ys[0] - y - v * perUnit) < 1e-9) }
        let line = drawn.shapes.filter {
            $0.kind == .path && $0.fill == nil && $0.stroke?.color == style.series(0).color
        }
        #expect(
            line.contains {
                abs($0.bounds.x - points[0].bounds.midX) < 1e-9 && abs($0.bounds.maxX - points[3].bounds.midX) < 1e-9
            })
    }

    @Test("the current month stands out: tinted band, larger marker, bold label")
    func currentMonth() throws {
        let drawn = Drawn(Scenario.lineThirteenMonths.chart().items(width: 480, measurer: measurer))
        let points = markers(drawn, series: ["件数"])
        try #require(points.count == 13)
        let band = try #require(drawn.rects.first { $0.fill == style.emphasis })
        #expect(abs(band.bounds.midX - points[12].bounds.midX) < 1e-9)
        #expect(points[12].bounds.width > points[11].bounds.width)
        let bold = drawn.texts.filter { $0.layout.style.bold && $0.layout.style.size == style.label.size }
        #expect(bold.map(\.string) == ["2025-11"])
    }

    @Test("few months: every point has its value; many: only the current month's")
    func valueLabels() {
        let few = Drawn(
            LineChart(categories: ["9月", "10月", "11月"], series: [LineSeries("x", values: [1, 5, 3])], style: style)
                .items(width: 400, measurer: measurer))
        #expect(few.texts(styled: style.value).map(\.string) == ["1", "5", "3"])
        let many = Drawn(Scenario.lineThirteenMonths.chart().items(width: 480, measurer: measurer))
        #expect(many.texts(styled: style.value).map(\.string) == ["\((12 * 7) % 11)"])
    }

    @Test("a value whose place above its point is taken goes below it")
    func valueBelow() throws {
        let chart = LineChart(
            categories: ["a", "b"], series: [LineSeries("x", values: [10, 9]), LineSeries("y", values: [10, 8.8])],
            style: style, integerOnly: false)
        let drawn = Drawn(chart.items(width: 300, measurer: measurer))
        let points = markers(drawn, series: ["x", "y"])
        let nine = try #require(drawn.text("9.0")), eightEight = try #require(drawn.text("8.8"))
        let lowest = try #require(points.max { $0.bounds.maxY < $1.bounds.maxY })
        let atB = points.filter { abs($0.bounds.midX - nine.bounds.midX) < 1 }
        #expect(nine.bounds.maxY <= atB.map(\.bounds.y).min()!)
        #expect(eightEight.bounds.y >= lowest.bounds.maxY)
    }

    @Test("a single month is one marker with its value, no line")
    func singleMonth() {
        let drawn = Drawn(Scenario.lineSingleMonth.chart().items(width: 400, measurer: measurer))
        #expect(markers(drawn, series: ["件数"]).count == 1)
        #expect(drawn.texts(styled: style.value).map(\.string) == ["4"])
        #expect(drawn.text("2025-11") != nil)
        let lines = drawn.shapes.filter {
            $0.kind == .path && $0.fill == nil && $0.stroke?.color == style.series(0).color
        }
        #expect(lines.count == 1) // the legend's sample only
    }

    @Test("levels that are not counts get decimal ticks")
    func fractional() {
        let drawn = Drawn(Scenario.lineFractional.chart().items(width: 400, measurer: measurer))
        #expect(drawn.texts(styled: style.tick).map(\.string) == ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5"])
        #expect(drawn.texts(styled: style.value).map(\.string) == ["1.0"])
    }

    @Test("counts get integer ticks, all-zero data a 0…5 axis")
    func integerTicks() {
        let drawn = Drawn(Scenario.lineAllZero.chart().items(width: 400, measurer: measurer))
        #expect(drawn.texts(styled: style.tick).map(\.string) == ["0", "1", "2", "3", "4", "5"])
        #expect(markers(drawn, series: ["件数"]).count == 13)
    }

    @Test("negative values sit at 0; missing ones get no marker")
    func negativeAndMissing() {
        let drawn = Drawn(Scenario.lineNegativeAndMissing.chart().items(width: 300, measurer: measurer))
        #expect(markers(drawn, series: ["x"]).count == 2)
        #expect(drawn.texts(styled: style.value).map(\.string) == ["0", "3"])
    }
}
