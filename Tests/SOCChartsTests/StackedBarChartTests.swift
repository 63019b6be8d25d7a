import SOCCharts
import SOCLayout
import Testing

@Suite("StackedBarChart")
struct StackedBarChartTests {
    /// Column segments (everything filled that is not a legend key), grouped by column, top segment first.
    func columns(_ drawn: Drawn, series: [String]) -> [[Drawn.Shape]] {
        let keys = drawn.legendKeys(series).compactMap { $0?.bounds }
        let segments = drawn.rects.filter { !keys.contains($0.bounds) }
        let byX = Dictionary(grouping: segments) { ($0.bounds.x * 1000).rounded() }
        return byX.keys.sorted().map { byX[$0]!.sorted { $0.bounds.y < $1.bounds.y } }
    }

    @Test(
        "segments stack without gaps from the axis, and every column's height is proportional to its total",
        arguments: [200.0, 480])
    func segmentsSumToTotal(width: Double) throws {
        let series = severitySeries(months: 13)
        let chart = StackedBarChart(categories: thirteenMonths, series: series, style: style)
        let drawn = Drawn(chart.items(width: width, measurer: measurer))
        let cols = columns(drawn, series: severities)
        let totals = (0..<13).map { i in series.reduce(Int64(0)) { $0 + $1.counts[i] } }
        try #require(cols.count == totals.filter { $0 > 0 }.count)
        let axisY = try #require(cols.first?.last?.bounds.maxY)
        let perUnit = cols[0].reduce(0) { $0 + $1.bounds.height } / Double(totals[0])
        let gridTop = try #require(
            drawn.shapes.filter { $0.kind == .path && $0.stroke == style.grid }.map(\.bounds.y).min())
        let plotRight = try #require(
            drawn.shapes.filter { $0.kind == .path && $0.stroke == style.axis }.map(\.bounds.maxX).max())
        for (column, total) in zip(cols, totals.filter { $0 > 0 }) {
            #expect(abs(column.last!.bounds.maxY - axisY) < 1e-9)
            #expect(column.first!.bounds.y >= gridTop - 1e-9 && column.last!.bounds.maxX <= plotRight)
            for (upper, lower) in zip(column, column.dropFirst()) {
                #expect(abs(upper.bounds.maxY - lower.bounds.y) < 1e-9)
            }
            #expect(abs(column.reduce(0) { $0 + $1.bounds.height } - Double(total) * perUnit) < 1e-6)
        }
    }

    @Test("series stack bottom-up in order, each in its own colour and hatch")
    func seriesOrder() throws {
        let series = [
            CountSeries("critical", counts: [2]), CountSeries("serious", counts: [0]),
            CountSeries("medium", counts: [3]),
        ]
        let drawn = Drawn(
            StackedBarChart(categories: ["11月"], series: series, style: style).items(width: 300, measurer: measurer))
        let column = try #require(columns(drawn, series: series.map(\.name)).first)
        #expect(column.map(\.fill) == [style.series(2).color, style.series(0).color])
        #expect(column.map(\.hatch) == [style.series(2).hatch, style.series(0).hatch])
    }

    @Test("each total is printed above its column")
    func totalsAbove() throws {
        let chart = Scenario.stackedHugeAndTiny.chart()
        let drawn = Drawn(chart.items(width: 400, measurer: measurer))
        let cols = columns(drawn, series: ["critical", "info"])
        try #require(cols.count == 3)
        for (column, total) in zip(cols, ["500", "1", "1"]) {
            let top = column.first!.bounds
            let text = try #require(
                drawn.texts(styled: style.value).first {
                    $0.string == total && abs($0.bounds.x + $0.bounds.width / 2 - (top.x + top.width / 2)) < 0.01
                })
            #expect(text.bounds.maxY <= top.y && text.bounds.maxY >= top.y - 4)
        }
        #expect(cols[1].first!.bounds.height > 0)
    }

    @Test("one legend entry per series, each with its own colour and hatch")
    func legend() throws {
        let drawn = Drawn(Scenario.stackedThirteenMonths.chart().items(width: 480, measurer: measurer))
        let keys = drawn.legendKeys(severities)
        try #require(keys.allSatisfy { $0 != nil })
        #expect(Set(keys.map { $0!.hatch }).count == severities.count)
        #expect(Set(keys.map { $0!.fill }).count == severities.count)
        #expect(keys.map { $0!.fill } == (0..<4).map { style.series($0).color })
    }

    @Test(
        "month labels never overlap and the current month always shows",
        arguments: [Scenario.stackedThirteenMonths, .stackedJapaneseMonths], [140.0, 200, 260, 360, 480])
    func monthLabels(scenario: Scenario, width: Double) throws {
        let drawn = Drawn(scenario.chart().items(width: width, measurer: measurer))
        let months = drawn.texts(styled: style.label)
        #expect(drawn.overlappingTexts == [])
        #expect(drawn.outside(width: width, height: scenario.chart().height) == [])
        let all = scenario == .stackedThirteenMonths ? thirteenMonths : (1...13).map { "\(($0 + 9) % 12 + 1)月" }
        #expect(months.last?.string == all.last)
        // Thinned evenly, counting back from the current month (Japanese month names repeat after a year).
        var shown: [Int] = []
        for month in months.map(\.string) {
            shown.append(all[(shown.last.map { $0 + 1 } ?? 0)...].firstIndex(of: month)!)
        }
        let steps = Set(zip(shown, shown.dropFirst()).map { $1 - $0 })
        #expect(steps.count <= 1)
        if width >= 360 { #expect(shown.count == 13) }
        #expect(shown.count >= 4)
    }

    @Test("counts get integer ticks only")
    func integerTicks() {
        let series = [CountSeries("a", counts: [1, 2]), CountSeries("b", counts: [0, 1])]
        let drawn = Drawn(
            StackedBarChart(categories: ["10月", "11月"], series: series, style: style).items(
                width: 300, measurer: measurer))
        #expect(drawn.texts(styled: style.tick).map(\.string) == ["0", "1", "2", "3"])
    }

    @Test("all zero: axes from 0 to 5, no columns, the note")
    func allZero() {
        let drawn = Drawn(Scenario.stackedAllZero.chart().items(width: 400, measurer: measurer))
        #expect(columns(drawn, series: severities).isEmpty)
        #expect(drawn.texts(styled: style.tick).map(\.string) == ["0", "1", "2", "3", "4", "5"])
        #expect(drawn.text("インシデントなし") != nil)
    }

    @Test("a single month is one column with its label and total")
    func singleMonth() throws {
        let series = severitySeries(months: 1)
        let drawn = Drawn(
            StackedBarChart(categories: ["2025-11"], series: series, style: style).items(width: 400, measurer: measurer)
        )
        let cols = columns(drawn, series: severities)
        try #require(cols.count == 1)
        #expect(drawn.text("2025-11") != nil)
        #expect(drawn.texts(styled: style.value).map(\.string) == ["\(series.reduce(0) { $0 + $1.counts[0] })"])
    }

    @Test("negative counts are drawn as 0")
    func negative() {
        let drawn = Drawn(Scenario.stackedNegative.chart().items(width: 300, measurer: measurer))
        #expect(drawn.texts(styled: style.value).map(\.string) == ["1", "2"])
    }
}
