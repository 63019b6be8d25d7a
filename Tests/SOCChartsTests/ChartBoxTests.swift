import SOCCharts
import SOCLayout
import Testing

/// What every chart owes the page, in every edge case and width.
@Suite("Every chart")
struct ChartBoxTests {
    static let widths: [Double] = [120, 200, 300, 480]

    @Test("items stay inside width × height", arguments: Scenario.allCases, widths)
    func itemsStayInside(scenario: Scenario, width: Double) {
        let chart = scenario.chart()
        let drawn = Drawn(chart.items(width: width, measurer: measurer))
        #expect(drawn.outside(width: width, height: chart.height) == [])
    }

    @Test("texts never overlap", arguments: Scenario.allCases, widths)
    func textsDoNotOverlap(scenario: Scenario, width: Double) {
        let drawn = Drawn(scenario.chart().items(width: width, measurer: measurer))
        #expect(drawn.overlappingTexts == [])
    }

    @Test("lays out as one figure of its height, or not at all", arguments: Scenario.allCases)
    func layoutAsFigure(scenario: Scenario) throws {
        let chart = scenario.chart()
        let result = try chart.layout(
            in: Region(width: 400, height: chart.height + 10, isFreshPage: false), measurer: measurer)
        guard case .fits(let fragment) = result else { Issue.record("expected .fits, got \(result)"); return }
        #expect(fragment.height == chart.height)
        #expect(Drawn(fragment.items).tags.map(\.role) == [.figure])
        let short = try chart.layout(
            in: Region(width: 400, height: chart.height - 1, isFreshPage: true), measurer: measurer)
        guard case .doesNotFit = short else { Issue.record("expected .doesNotFit, got \(short)"); return }
    }
}
