import SOCCharts
import SOCLayout
import Testing

@Suite("FunnelChart")
struct FunnelChartTests {
    let chart = FunnelChart(stages: funnelStages, style: style, scaleNote: "対数目盛", height: 220)

    @Test("every stage shows its exact number with separators")
    func exactNumbers() {
        let drawn = Drawn(chart.items(width: 480, measurer: measurer))
        for number in ["300,000,000", "12,000", "300", "4"] {
            #expect(drawn.text(number) != nil, "missing \(number)")
        }
        #expect(drawn.text("対数目盛") != nil)
    }

    @Test(
        "the ratio between consecutive stages is shown, in the injected format",
        arguments: [
            (RatioFormat.oneIn(), ["↓ 1/25,000", "↓ 1/40", "↓ 1/75"]),
            (RatioFormat.percentage(), ["↓ 0.004%", "↓ 2.5%", "↓ 1.3%"]),
            (RatioFormat.oneIn(wording: { "\($0)件に1件" }), ["25,000件に1件", "40件に1件", "75件に1件"]),
        ])
    func ratios(format: RatioFormat, expected: [String]) throws {
        var chart = chart
        chart.ratio = format
        let drawn = Drawn(chart.items(width: 480, measurer: measurer))
        for ratio in expected {
            let text = try #require(drawn.text(ratio), "missing \(ratio)")
            // On paper of its own, so no gridline crosses it.
            #expect(
                drawn.rects.contains {
                    $0.fill == .white && $0.bounds.x <= text.bounds.x && $0.bounds.maxX >= text.bounds.maxX
                        && $0.bounds.y <= text.bounds.y && $0.bounds.maxY >= text.bounds.maxY
                }, "\(ratio) has no backing")
        }
    }

    @Test(
        "ratio wording: one in N, a decimal below ten-fold, a dash where a stage is 0",
        arguments: [
            (Int64(300_000_000), Int64(12_000), "↓ 1/25,000"), (10, 4, "↓ 1/2.5"), (5, 5, "↓ 1/1"), (7, 2, "↓ 1/3.5"),
            (0, 0, "—"), (100, 0, "—"), (0, 5, "—"),
        ])
    func oneIn(from: Int64, to: Int64, expected: String) {
        #expect(RatioFormat.oneIn().text(from, to) == expected)
    }

    @Test(
        "percentages keep two significant digits",
        arguments: [
            (Int64(300_000_000), Int64(12_000), "↓ 0.004%"), (3, 1, "↓ 33%"), (8, 1, "↓ 13%"), (1_000, 999, "↓ 100%"),
            (300_000_000, 1, "↓ 0.00000033%"), (4, 0, "—"),
        ])
    func percentage(from: Int64, to: Int64, expected: String) {
        #expect(RatioFormat.percentage().text(from, to) == expected)
    }

    @Test("bars are on a log scale: 4 is visible next to 300 million, lengths follow the logarithms")
    func logGeometry() throws {
        let drawn = Drawn(chart.items(width: 480, measurer: measurer))
        let bars = drawn.bars.sorted { $0.bounds.y < $1.bounds.y }
        try #require(bars.count == 4)
        #expect(Set(bars.map(\.bounds.x)).count == 1)
        #expect(bars[3].bounds.width >= 10)
        let scale = LogScale(values: [300_000_000, 12_000, 300, 4])
        let unit = bars[0].bounds.width / scale.fraction(300_000_000)
        for (bar, value) in zip(bars, [300_000_000.0, 12_000, 300, 4]) {
            #expect(abs(bar.bounds.width - scale.fraction(value) * unit) < 1e-6)
        }
        #expect(Set(bars.map(\.hatch)).count == 4)
        let lastDecade = try #require(drawn.shapes.filter { $0.kind == .path }.map(\.bounds.maxX).max())
        #expect(bars.allSatisfy { $0.bounds.maxX <= lastDecade })
        #expect(drawn.texts(styled: style.tick).map(\.string).contains("100,000,000"))
    }

    @Test("each number sits just after its bar, centred on it")
    func numbersAtBarEnds() throws {
        let drawn = Drawn(chart.items(width: 480, measurer: measurer))
        let bars = drawn.bars.sorted { $0.bounds.y < $1.bounds.y }
        for (bar, number) in zip(bars, ["300,000,000", "12,000", "300", "4"]) {
            let text = try #require(drawn.text(number))
            #expect(text.origin.x >= bar.bounds.maxX && text.origin.x <= bar.bounds.maxX + 8)
            #expect(abs(text.centerY - (bar.bounds.y + bar.bounds.height / 2)) < 0.01)
        }
    }

    @Test("the first stage's breakdown by log source is listed between its bar and the next")
    func breakdown() throws {
        let drawn = Drawn(chart.items(width: 480, measurer: measurer))
        let bars = drawn.bars.sorted { $0.bounds.y < $1.bounds.y }
        for entry in ["url-filter 120,000,000", "web-av 80,000,000", "firewall 9,999,000", "other 1,000"] {
            let text = try #require(drawn.text(entry))
            #expect(text.bounds.y >= bars[0].bounds.maxY && text.bounds.maxY <= bars[1].bounds.y)
            #expect(text.bounds.x >= bars[0].bounds.x)
        }
    }

    @Test("a stage of 0 gets no bar but keeps its label and its 0; no division by zero")
    func zeroStage() {
        let stages = [
            FunnelStage("logs", value: 1_000), FunnelStage("events", value: 0),
            FunnelStage("examined", value: 0), FunnelStage("incidents", value: 2),
        ]
        let drawn = Drawn(FunnelChart(stages: stages, style: style).items(width: 480, measurer: measurer))
        #expect(drawn.bars.count == 2)
        #expect(drawn.texts("0").count == 2)
        #expect(drawn.texts("—").count == 3)
        for label in ["logs", "events", "examined", "incidents", "1,000", "2"] { #expect(drawn.text(label) != nil) }
    }

    @Test("in a short chart the breakdown list gives way to the stages")
    func shortChart() {
        let drawn = Drawn(Scenario.funnelShort.chart().items(width: 480, measurer: measurer))
        #expect(drawn.text("url-filter 120,000,000") == nil)
        for number in ["300,000,000", "12,000", "300", "4", "↓ 1/25,000"] { #expect(drawn.text(number) != nil) }
    }

    @Test("negative values are drawn as 0")
    func negative() {
        let drawn = Drawn(
            FunnelChart(stages: [FunnelStage("a", value: -5), FunnelStage("b", value: 3)], style: style)
                .items(width: 300, measurer: measurer))
        #expect(drawn.bars.count == 1)
        #expect(drawn.text("0") != nil && drawn.text("-5") == nil && drawn.text("—") != nil)
    }
}

extension Drawn {
    /// The stages' bars: every filled rectangle but the white paper behind the ratio labels.
    var bars: [Shape] { rects.filter { $0.fill != .white } }
}
