import SOCCharts
import SOCLayout
import Testing

@Suite("BarChart")
struct BarChartTests {
    /// The x of the gridline at the top of the scale: the right edge of the plot.
    func plotRight(_ drawn: Drawn) -> Double {
        drawn.shapes.filter { $0.kind == .path }.map(\.bounds.maxX).max() ?? 0
    }

    @Test("bar lengths are proportional to values; one huge bar does not hide a tiny one", arguments: [200.0, 480])
    func proportional(width: Double) throws {
        let values: [Int64] = [500, 1, 0, 37]
        let chart = BarChart(
            categories: values.enumerated().map { ChartValue("c\($0)", $1) }, style: style, height: 140)
        let drawn = Drawn(chart.items(width: width, measurer: measurer))
        let bars = drawn.rects.sorted { $0.bounds.y < $1.bounds.y }
        try #require(bars.count == 3)
        let perUnit = bars[0].bounds.width / 500
        #expect(abs(bars[1].bounds.width - perUnit) < 1e-9 && bars[1].bounds.width > 0)
        #expect(abs(bars[2].bounds.width - 37 * perUnit) < 1e-9)
        // The scale ends at 500 exactly, so the largest bar reaches the plot's right edge and no further.
        #expect(abs(bars[0].bounds.maxX - plotRight(drawn)) < 1e-9)
        #expect(Set(bars.map(\.bounds.x)).count == 1)
    }

    @Test("ticks are round and written with separators")
    func tickLabels() {
        let chart = BarChart(categories: [ChartValue("a", 12_345), ChartValue("b", 50)], style: style, height: 80)
        let ticks = Drawn(chart.items(width: 400, measurer: measurer)).texts(styled: style.tick).map(\.string)
        #expect(ticks == ["0", "5,000", "10,000", "15,000"])
    }

    @Test(
        "bars stay inside their rows and the plot",
        arguments: Scenario.allCases.filter { $0.rawValue.hasPrefix("bars") })
    func barsInsidePlot(scenario: Scenario) {
        let drawn = Drawn(scenario.chart().items(width: 300, measurer: measurer))
        let bars = drawn.rects.sorted { $0.bounds.y < $1.bounds.y }
        let right = plotRight(drawn)
        for (a, b) in zip(bars, bars.dropFirst()) { #expect(a.bounds.maxY <= b.bounds.y) }
        for bar in bars { #expect(bar.bounds.maxX <= right + 1e-9) }
    }

    @Test("each value is printed just after its bar")
    func valuesAtBarEnds() throws {
        let chart = BarChart(categories: [ChartValue("Malware", 12), ChartValue("Phishing", 7)], style: style)
        let drawn = Drawn(chart.items(width: 400, measurer: measurer))
        let bars = drawn.rects.sorted { $0.bounds.y < $1.bounds.y }
        for (bar, value) in zip(bars, ["12", "7"]) {
            let text = try #require(drawn.texts(styled: style.value).first { $0.string == value })
            #expect(text.origin.x >= bar.bounds.maxX && text.origin.x <= bar.bounds.maxX + 8)
            #expect(abs(text.centerY - (bar.bounds.y + bar.bounds.height / 2)) < 0.01)
        }
    }

    @Test("eleven long Japanese labels wrap in their column, left of the bars", arguments: [300.0, 480])
    func longLabels(width: Double) throws {
        let chart = Scenario.barsLongJapanese.chart()
        let drawn = Drawn(chart.items(width: width, measurer: measurer))
        let labels = drawn.texts(styled: style.label)
        try #require(labels.count == 11)
        let axisX = try #require(drawn.rects.map(\.bounds.x).min())
        for label in labels { #expect(label.bounds.maxX < axisX) }
        // At A4 body width nothing is cut short.
        if width >= 480 { #expect(labels.map(\.string) == longThreatTypes) }
    }

    @Test("a label too long for its row is cut short with an ellipsis")
    func ellipsis() throws {
        let chart = BarChart(categories: longThreatTypes.map { ChartValue($0, 1) }, style: style, height: 150)
        let drawn = Drawn(chart.items(width: 240, measurer: measurer))
        let labels = drawn.texts(styled: style.label)
        #expect(labels.contains { $0.string.hasSuffix("…") })
        for (label, full) in zip(labels, longThreatTypes) {
            #expect(label.string == full || full.hasPrefix(String(label.string.dropLast())))
        }
    }

    @Test("all zero: no bars, and the caller's note on a bare zero line instead of a 0–5 grid and a column of zeros")
    func allZero() {
        let zeros = longThreatTypes.map { ChartValue($0, 0) }
        let withNote = Drawn(
            BarChart(categories: zeros, style: style, emptyNote: "No incidents").items(width: 400, measurer: measurer))
        #expect(withNote.rects.isEmpty)
        #expect(withNote.texts(styled: style.tick).map(\.string) == ["0"])
        #expect(!withNote.shapes.contains { $0.stroke == style.grid }, "no gridline runs through the note")
        #expect(withNote.text("No incidents") != nil)
        #expect(withNote.texts(styled: style.value).isEmpty)
        let plain = Drawn(BarChart(categories: zeros, style: style).items(width: 400, measurer: measurer))
        #expect(plain.texts(styled: style.tick).map(\.string) == ["0", "1", "2", "3", "4", "5"])
        #expect(plain.shapes.filter { $0.stroke == style.grid }.count == 5)
        #expect(plain.texts(styled: style.value).count == 11)
    }

    @Test("negative values are drawn as 0")
    func negative() {
        let drawn = Drawn(Scenario.barsNegative.chart().items(width: 300, measurer: measurer))
        #expect(drawn.rects.count == 1)
        #expect(drawn.texts(styled: style.value).map(\.string) == ["0", "2"])
    }
}
