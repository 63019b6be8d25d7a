import SOCCharts
import SOCLayout
import Testing

let measurer = FakeMeasurer()
let style = ChartStyle()

let funnelStages = [
    FunnelStage(
        "収集ログ", value: 300_000_000,
        breakdown: [
            ChartValue("url-filter", 120_000_000), ChartValue("web-av", 80_000_000), ChartValue("proxy", 50_000_000),
            ChartValue("ips", 25_000_000), ChartValue("ids", 15_000_000), ChartValue("firewall", 9_999_000),
            ChartValue("other", 1_000),
        ]),
    FunnelStage("相関分析イベント", value: 12_000),
    FunnelStage("アナリスト精査", value: 300),
    FunnelStage("インシデント", value: 4),
]

let longThreatTypes = [
    "標的型攻撃（サプライチェーン経由）", "マルウェア感染（ランサムウェアを含む）", "C2サーバーとの通信（ビーコン）",
    "フィッシング（認証情報の窃取を目的とするもの）", "脆弱性を悪用する攻撃の試行", "情報の外部送信（持ち出しの疑い）",
    "不正アクセス（外部からのログイン試行）", "偵察活動（ポートスキャン等）", "サービス妨害攻撃（DoS/DDoS）",
    "社内規程に違反する通信", "その他の脅威",
]

/// "2024-11" … "2025-11": twelve months of history and the current month.
let thirteenMonths = (0..<13).map { i -> String in
    let month = (10 + i) % 12 + 1, year = 2024 + (10 + i) / 12
    return "\(year)-\(month < 10 ? "0" : "")\(month)"
}

let severities = ["緊急", "重要", "中", "情報"]

func severitySeries(months: Int, seed: Int64 = 3) -> [CountSeries] {
    severities.enumerated().map { j, name in
        CountSeries(name, counts: (0..<months).map { i in (Int64(i) * seed + Int64(j) * 5) % 9 })
    }
}

/// Every chart in the edge cases the report must survive.
enum Scenario: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case funnel, funnelWithZeroStage, funnelAllZero, funnelNegative, funnelShort
    case barsTypical, barsAllZero, barsAllZeroWithNote, barsHugeAndTiny, barsLongJapanese, barsEmpty, barsNegative
    case stackedThirteenMonths, stackedSingleMonth, stackedAllZero, stackedHugeAndTiny, stackedJapaneseMonths,
        stackedNegative
    case stackedShort
    case lineThirteenMonths, lineSingleMonth, lineAllZero, lineTwoSeriesFewMonths, lineFractional,
        lineNegativeAndMissing
    case lineShort

    var testDescription: String { rawValue }

    func chart() -> any Chart {
        switch self {
        case .funnel:
            FunnelChart(stages: funnelStages, style: style, scaleNote: "対数目盛", height: 220)
        case .funnelWithZeroStage:
            FunnelChart(
                stages: [
                    FunnelStage("logs", value: 1_000), FunnelStage("events", value: 0),
                    FunnelStage("examined", value: 0), FunnelStage("incidents", value: 0),
                ], style: style, height: 160)
        case .funnelAllZero:
            FunnelChart(stages: funnelStages.map { FunnelStage($0.label, value: 0) }, style: style, height: 160)
        case .funnelShort:
            FunnelChart(stages: funnelStages, style: style, scaleNote: "対数目盛", height: 100)
        case .funnelNegative:
            FunnelChart(stages: [FunnelStage("a", value: -5), FunnelStage("b", value: 3)], style: style, height: 100)
        case .barsTypical:
            BarChart(
                categories: [ChartValue("Malware", 12), ChartValue("Phishing", 7), ChartValue("Reconnaissance", 3)],
                style: style)
        case .barsAllZero:
            BarChart(categories: longThreatTypes.map { ChartValue($0, 0) }, style: style, height: 280)
        case .barsAllZeroWithNote:
            BarChart(
                categories: longThreatTypes.map { ChartValue($0, 0) }, style: style, emptyNote: "今月のインシデントはありません",
                height: 280)
        case .barsHugeAndTiny:
            BarChart(
                categories: [ChartValue("huge", 500), ChartValue("tiny", 1), ChartValue("none", 0)], style: style,
                height: 120)
        case .barsLongJapanese:
            BarChart(
                categories: longThreatTypes.enumerated().map { ChartValue($1, Int64($0 * 3)) }, style: style,
                height: 300)
        case .barsEmpty:
            BarChart(categories: [], style: style, emptyNote: "No incidents", height: 80)
        case .barsNegative:
            BarChart(categories: [ChartValue("a", -5), ChartValue("b", 2)], style: style, height: 80)
        case .stackedThirteenMonths:
            StackedBarChart(categories: thirteenMonths, series: severitySeries(months: 13), style: style)
        case .stackedSingleMonth:
            StackedBarChart(categories: ["2025-11"], series: severitySeries(months: 1), style: style)
        case .stackedAllZero:
            StackedBarChart(
                categories: thirteenMonths,
                series: severities.map { CountSeries($0, counts: Array(repeating: 0, count: 13)) },
                style: style, emptyNote: "インシデントなし")
        case .stackedHugeAndTiny:
            StackedBarChart(
                categories: ["9月", "10月", "11月"],
                series: [CountSeries("critical", counts: [500, 1, 0]), CountSeries("info", counts: [0, 0, 1])],
                style: style)
        case .stackedJapaneseMonths:
            StackedBarChart(
                categories: (1...13).map { "\(($0 + 9) % 12 + 1)月" }, series: severitySeries(months: 13, seed: 7),
                style: style)
        case .stackedShort:
            StackedBarChart(categories: thirteenMonths, series: severitySeries(months: 13), style: style, height: 100)
        case .stackedNegative:
            StackedBarChart(
                categories: ["a", "b"], series: [CountSeries("x", counts: [-3, 2]), CountSeries("y", counts: [1])],
                style: style)
        case .lineThirteenMonths:
            LineChart(
                categories: thirteenMonths, series: [LineSeries("件数", values: (0..<13).map { Double(($0 * 7) % 11) })],
                style: style)
        case .lineSingleMonth:
            LineChart(categories: ["2025-11"], series: [LineSeries("件数", values: [4])], style: style)
        case .lineAllZero:
            LineChart(
                categories: thirteenMonths, series: [LineSeries("件数", values: Array(repeating: 0, count: 13))],
                style: style)
        case .lineTwoSeriesFewMonths:
            LineChart(
                categories: ["9月", "10月", "11月"],
                series: [LineSeries("緊急", values: [1, 3, 2]), LineSeries("重要", values: [500, 1, 3])], style: style)
        case .lineFractional:
            LineChart(
                categories: thirteenMonths,
                series: [LineSeries("脅威レベル", values: (0..<13).map { Double($0 % 4) * 0.5 + 1 })],
                style: style, integerOnly: false)
        case .lineShort:
            LineChart(
                categories: thirteenMonths, series: [LineSeries("件数", values: (0..<13).map { Double($0 * 37 % 500) })],
                style: style, height: 90)
        case .lineNegativeAndMissing:
            LineChart(
                categories: ["a", "b", "c", "d"], series: [LineSeries("x", values: [-2, .nan, 3])], style: style)
        }
    }
}
