import Foundation
import SOCCharts
import SOCLayout
import SOCModel

/// The monthly report of one tenant, a pure function of its bundle: overall review, the log-to-incident
/// funnel, threat types and severities with their trend, the month's incidents, advice and news.
public struct MonthlyReport {
    let bundle: MonthlyBundle
    let wording: Wording
    let styles: Styles
    let clock: TimeFormatter
    /// History (up to 12 months, oldest first) followed by this month.
    let months: [MonthFigures]

    public init(bundle: MonthlyBundle, wording: Wording, styles: Styles) {
        self.bundle = bundle; self.wording = wording; self.styles = styles
        clock = TimeFormatter(zone: bundle.tenant.resolvedTimeZone)
        months = bundle.history.suffix(12).map(MonthFigures.init) + [MonthFigures(bundle)]
    }

    public func document() -> ReportDocument {
        let w = wording, theme = styles.theme
        let title = w["monthly.report"]
        let amber = theme.tlp[.amber]!
        let frame = PageFrame(
            tenant: bundle.tenant.name, reportTitle: title, reference: monthName(bundle.month),
            tlp: Badge("TLP:AMBER", fill: amber.fill, textColor: amber.text),
            confidentiality: w.format("footer.confidential", ["tenant": bundle.tenant.name]), styles: styles,
            pageLabel: { w.format("footer.page", ["n": $0, "count": $1]) })
        let end = bundle.month.next.interval(in: bundle.tenant.resolvedTimeZone).start
        return ReportDocument(
            blocks: review() + funnel() + threats() + incidents() + advice() + news(),
            frame: frame, spec: PageSpec(size: theme.pageSize, margins: theme.margins),
            language: w.language.rawValue, title: "\(title) \(monthName(bundle.month))",
            subject: "\(bundle.tenant.name) — \(bundle.month)", author: "SOC",
            keywords: ([bundle.tenant.id, bundle.month.description] + bundle.incidents.map(\.id)).joined(separator: ", "),
            created: clock.iso(end))
    }

    // MARK: Overall review

    func review() -> [any Block] {
        let w = wording, current = months.last!
        let notifiedInTime = bundle.incidents.filter { i in
            i.notifiedAt.map { $0.date.timeIntervalSince(i.determinedAt.date) <= Double(IncidentReport.notificationTargetMinutes * 60) } ?? false
        }.count
        let worst = bundle.incidents.map(\.severity).max()
        let worstStyle = styles.table.body.with { $0.size = styles.theme.size("kpiValue"); $0.bold = true
            if let worst { $0.color = styles.theme.severity[worst]!.fill } }
        let kpi = styles.table.body.with { $0.size = styles.theme.size("kpiValue"); $0.bold = true; $0.alignment = .center }
        var blocks: [any Block] = [
            Paragraph(w["monthly.report"], style: styles.muted.with { $0.bold = true }, spaceAfter: 2),
            Paragraph("\(bundle.tenant.name)　\(monthName(bundle.month))", style: styles.title, spaceAfter: 10),
            DataTable(title: "KPI", columns: ["monthly.kpi.logs", "monthly.kpi.incidents", "monthly.kpi.worst", "monthly.kpi.notified"].map { TableColumn(w[$0]) },
                      rows: [[TableCell(grouped(bundle.funnel.totalLogs), style: kpi),
                              TableCell(grouped(current.total), style: kpi),
                              TableCell(worst.map(w.severity) ?? w["monthly.level.none"], style: worstStyle.with { $0.alignment = .center }),
                              TableCell(bundle.incidents.isEmpty ? "—" : w.format("monthly.notifiedRatio", ["met": notifiedInTime, "total": bundle.incidents.count]), style: kpi)]],
                      style: styles.keyValue, continuationMark: w["continued"]),
            styles.h1(w["monthly.section.review"]),
        ]
        let previousScore = months.count > 1 ? String(months[months.count - 2].score) : w["monthly.noPrevious"]
        blocks.append(styles.facts(w["monthly.threatLevel"], [
            (w["monthly.threatLevel"], TableCell(w.format("monthly.levelLine", ["level": level(current.score), "score": current.score, "previous": previousScore]),
                                                 style: styles.keyValue.body.with { $0.bold = true })),
        ], keyWeight: 1.2, valueWeight: 3, continued: w["continued"]))
        blocks += Paragraph.paragraphs(bundle.overview ?? writtenOverview(), style: styles.body)
        blocks.append(styles.h2(w["monthly.threatLevelTrend"]))
        blocks.append(LineChart(categories: months.map { shortMonth($0.month) }, series: [LineSeries(w["monthly.threatLevel"], values: months.map { Double($0.score) })],
                                style: chartStyle(), height: 130, name: w["monthly.threatLevelTrend"]))
        blocks.append(Paragraph(w["monthly.threatScoreNote"], style: styles.small))
        return blocks
    }

    /// Threat score: incidents weighted by severity.
    static let weights: [Severity: Int] = [.critical: 10, .serious: 5, .medium: 2, .information: 1]

    func level(_ score: Int) -> String {
        wording[score == 0 ? "monthly.level.none" : score >= 20 ? "monthly.level.high" : score >= 8 ? "monthly.level.elevated" : "monthly.level.low"]
    }

    /// The overview an analyst did not write, from the figures.
    func writtenOverview() -> String {
        let w = wording, current = months.last!
        let base: [String: Any] = ["month": monthName(bundle.month), "logs": grouped(bundle.funnel.totalLogs),
                                   "events": grouped(bundle.funnel.events), "escalated": grouped(bundle.funnel.escalated), "count": current.total]
        guard current.total > 0 else { return w.format("overview.none", base) }
        var values = base
        values["bySeverity"] = Severity.allCases.filter { current.bySeverity[$0, default: 0] > 0 }
            .map { w.format("overview.severityPart", ["label": w.severity($0), "count": current.bySeverity[$0]!]) }
            .joined(separator: w.format("overview.listSeparator"))
        var text = w.format("overview.some", values)
        if months.count > 1, months[months.count - 2].month == bundle.month.previous {
            let previous = months[months.count - 2].total
            let key = current.total > previous ? "overview.change.up" : current.total < previous ? "overview.change.down" : "overview.change.same"
            text += w.format(key, ["previous": previous, "delta": abs(current.total - previous)])
        }
        let top = current.byThreatType.values.max() ?? 0
        let dominant = ThreatType.allCases.filter { current.byThreatType[$0] == top }.map(w.threatType)
        text += w.format("overview.dominant", ["types": dominant.joined(separator: w.format("overview.listSeparator"))])
        return text
    }

    // MARK: Funnel

    func funnel() -> [any Block] {
        let w = wording, f = bundle.funnel
        let incidents = f.incidents ?? bundle.incidents.count
        let breakdown = LogSource.allCases.compactMap { s in f.logsBySource[s].map { ChartValue(w.logSource(s), Int64($0)) } }
        let stages = [FunnelStage(w["monthly.funnel.logs"], value: Int64(f.totalLogs), breakdown: breakdown),
                      FunnelStage(w["monthly.funnel.events"], value: Int64(f.events)),
                      FunnelStage(w["monthly.funnel.escalated"], value: Int64(f.escalated)),
                      FunnelStage(w["monthly.funnel.incidents"], value: Int64(incidents))]
        let ratio = RatioFormat.oneIn(wording: { [w] n in "↓ " + w.format("monthly.ratio", ["n": n]) })
        var rows: [[TableCell]] = []
        for (i, stage) in stages.enumerated() {
            let r = i == 0 ? "" : ratio.text(stages[i - 1].value, stage.value)
            rows.append([TableCell(stage.label), TableCell(grouped(Int(stage.value)), style: styles.table.body.with { $0.alignment = .right }), TableCell(r)])
        }
        return [
            styles.h1(w["monthly.section.funnel"]),
            FunnelChart(stages: stages, style: chartStyle(), ratio: ratio, scaleNote: w["monthly.funnel.scale"], height: 230,
                        name: w["monthly.section.funnel"]),
            DataTable(title: w["monthly.funnel.table"],
                      columns: [TableColumn(w["monthly.column.stage"], weight: 2), TableColumn(w["monthly.column.count"], weight: 1.4),
                                TableColumn(w["monthly.column.ratio"], weight: 1.6)],
                      rows: rows, style: styles.table, continuationMark: w["continued"]),
        ]
    }

    // MARK: Threat types and severities

    func threats() -> [any Block] {
        let w = wording, current = months.last!
        let previous = months.count > 1 && months[months.count - 2].month == bundle.month.previous ? months[months.count - 2] : nil
        let severities = Severity.allCases.reversed()   // stacked from information at the bottom to critical on top
        let style = chartStyle()
        let severityStyle = ChartStyle(label: style.label, tick: style.tick, value: style.value, legend: style.legend, note: style.note,
                                       axis: style.axis, grid: style.grid, barOutline: style.barOutline, emphasis: style.emphasis,
                                       palette: severities.enumerated().map { i, s in
                                           let swatch = styles.theme.severity[s]!
                                           return SeriesStyle(color: swatch.fill, hatch: swatch.hatch, marker: MarkerShape.allCases[i % MarkerShape.allCases.count])
                                       }, numbers: style.numbers)
        var blocks: [any Block] = [
            styles.h1(w["monthly.section.threats"]),
            styles.h2(w["monthly.byType"]),
            BarChart(categories: ThreatType.allCases.map { ChartValue(w.threatType($0), Int64(current.byThreatType[$0, default: 0])) },
                     style: style, emptyNote: w["monthly.noIncidents"], height: 230, name: w["monthly.byType"]),
            styles.h2(w["monthly.bySeverity"]),
            StackedBarChart(categories: months.map { shortMonth($0.month) },
                            series: severities.map { s in CountSeries(w.severity(s), counts: months.map { Int64($0.bySeverity[s, default: 0]) }) },
                            style: severityStyle, emptyNote: w["monthly.noData"], height: 210, name: w["monthly.bySeverity"]),
            styles.h2(w["monthly.totals"]),
            LineChart(categories: months.map { shortMonth($0.month) }, series: [LineSeries(w["monthly.kpi.incidents"], values: months.map { Double($0.total) })],
                      style: style, height: 150, name: w["monthly.totals"]),
            styles.h2(w["monthly.countsTable"]),
        ]
        func row(_ label: String, _ now: Int, _ before: Int?) -> [TableCell] {
            let right = styles.table.body.with { $0.alignment = .right }
            let change = before.map { now - $0 }.map { $0 > 0 ? "+\($0)" : $0 < 0 ? "−\(-$0)" : "±0" } ?? w["monthly.noPrevious"]
            return [TableCell(label), TableCell(String(now), style: right), TableCell(before.map(String.init) ?? w["monthly.noPrevious"], style: right),
                    TableCell(change, style: right)]
        }
        var rows = Severity.allCases.map { row(w.severity($0), current.bySeverity[$0, default: 0], previous?.bySeverity[$0, default: 0]) }
        rows += ThreatType.allCases.filter { current.byThreatType[$0, default: 0] > 0 || (previous?.byThreatType[$0, default: 0] ?? 0) > 0 }
            .map { row(w.threatType($0), current.byThreatType[$0, default: 0], previous?.byThreatType[$0, default: 0]) }
        rows.append(row(w["monthly.total"], current.total, previous?.total))
        blocks.append(DataTable(title: w["monthly.countsTable"],
                                columns: [TableColumn(w["monthly.column.category"], weight: 2.4), TableColumn(w["monthly.column.thisMonth"]),
                                          TableColumn(w["monthly.column.lastMonth"]), TableColumn(w["monthly.column.change"])],
                                rows: rows, style: styles.table, continuationMark: w["continued"]))
        return blocks
    }

    // MARK: Incidents, advice, news

    func incidents() -> [any Block] {
        let w = wording
        var blocks: [any Block] = [styles.h1(w["monthly.section.incidents"])]
        guard !bundle.incidents.isEmpty else { return blocks + [Paragraph(w["monthly.noIncidents"], style: styles.body)] }
        let rows: [[TableCell]] = bundle.incidents.sorted { $0.determinedAt < $1.determinedAt }.map { i in
            let swatch = styles.theme.severity[i.severity]!
            let delay = i.notifiedAt.map { n -> String in
                let s = Int(n.date.timeIntervalSince(i.determinedAt.date).rounded())
                return s >= 3600 ? w.format("duration.hours", ["h": s / 3600, "m": s % 3600 / 60])
                    : w.format("duration.minutes", ["m": s / 60, "s": s % 60 == 0 ? "" : String(s % 60)])
            } ?? w["notRecorded"]
            return [TableCell(i.id, style: styles.monoSmall), TableCell(clock.dateTime(i.determinedAt.date)),
                    TableCell(w.severity(i.severity), style: styles.table.body.with { $0.bold = true; $0.color = swatch.text }, fill: swatch.fill),
                    TableCell(w.threatType(i.threatType)), TableCell(i.title), TableCell(i.stage.map(w.stage) ?? w["notRecorded"]),
                    TableCell(delay)]
        }
        blocks.append(DataTable(title: w["monthly.section.incidents"],
                                columns: [TableColumn(w["column.id"], weight: 1.5), TableColumn(w["monthly.column.determined"], weight: 1.35),
                                          TableColumn(w["fact.severity"], weight: 0.75), TableColumn(w["fact.threatType"], weight: 1.1),
                                          TableColumn(w["monthly.column.title"], weight: 2.6), TableColumn(w["incident.stage"], weight: 0.9),
                                          TableColumn(w["monthly.column.delay"], weight: 0.9)],
                                rows: rows, style: styles.table, continuationMark: w["continued"]))
        return blocks
    }

    func advice() -> [any Block] {
        let w = wording
        var blocks: [any Block] = [styles.h1(w["monthly.section.advice"])]
        var items: [Advice]
        if let given = bundle.advice, !given.isEmpty {
            let rank: [AdvicePriority?: Int] = [.high: 0, .medium: 1, .low: 2, nil: 3]
            items = given.enumerated().sorted { (rank[$0.element.priority] ?? 3, $0.offset) < (rank[$1.element.priority] ?? 3, $1.offset) }.map(\.element)
        } else {
            blocks.append(Paragraph(w["monthly.derivedAdvice"], style: styles.muted))
            let counts = months.last!.byThreatType
            let types = ThreatType.allCases.filter { counts[$0, default: 0] > 0 }.sorted { counts[$0]! > counts[$1]! }
            items = types.map { Advice(title: w["advice.\($0.rawValue).title"], body: w["advice.\($0.rawValue).body"], priority: counts[$0]! > 1 ? .high : .medium) }
            if items.isEmpty { items = [Advice(title: w["advice.default.title"], body: w["advice.default.body"], priority: .low)] }
        }
        for item in items {
            let accent = item.priority == .high ? styles.theme.color("found") : styles.theme.color("accent")
            var content: [any Block] = [Paragraph(item.title, style: styles.strong, spaceAfter: 2)]
            if let p = item.priority { content.append(Paragraph("\(w["monthly.priority"]): \(w.priority(p))", style: styles.small, spaceAfter: 3)) }
            content += Paragraph.paragraphs(item.body, style: styles.body, spaceAfter: 3)
            blocks.append(Callout(content, name: item.title, fill: styles.theme.color("callout"), accent: accent, spaceBefore: 4, spaceAfter: 6))
        }
        return blocks
    }

    func news() -> [any Block] {
        let w = wording
        var blocks: [any Block] = [styles.h1(w["monthly.section.news"])]
        guard !bundle.news.isEmpty else { return blocks + [Paragraph(w["monthly.noNews"], style: styles.body)] }
        for item in bundle.news.sorted(by: { $0.date.description < $1.date.description }) {
            blocks.append(Heading(item.title, level: 2, style: styles.strong, spaceBefore: 8, spaceAfter: 2))
            blocks.append(Paragraph(([item.date.description, item.source].compactMap { $0 } + item.tags.map { "#\($0)" }).joined(separator: "  ·  "),
                                    style: styles.small, spaceAfter: 3))
            blocks += Paragraph.paragraphs(item.summary, style: styles.body, spaceAfter: 3)
            if let url = item.url { blocks.append(Paragraph(url, style: styles.monoSmall.with { $0.color = styles.theme.color("muted") })) }
        }
        return blocks
    }

    // MARK: Helpers

    func chartStyle() -> ChartStyle {
        let t = styles.theme
        let muted = t.color("muted")
        return ChartStyle(label: TextStyle(size: 7.6, color: t.color("text")), tick: TextStyle(size: 6.8, color: muted),
                          value: TextStyle(size: 7.2, bold: true, color: t.color("text")), legend: TextStyle(size: 7.4, color: t.color("text")),
                          note: TextStyle(size: 7, color: muted), grid: Stroke(color: t.color("grid"), width: 0.4),
                          emphasis: t.color("stripe"),
                          palette: t.palette.enumerated().map { i, p in SeriesStyle(color: p.color, hatch: p.hatch, marker: MarkerShape.allCases[i % MarkerShape.allCases.count]) })
    }

    static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    func monthName(_ m: YearMonth) -> String {
        wording.format("monthly.month", ["year": m.year, "month": m.month, "monthName": Self.englishMonths[m.month - 1]])
    }

    func shortMonth(_ m: YearMonth) -> String {
        let label = wording.format("monthly.monthShort", ["month": m.month, "monthAbbr": String(Self.englishMonths[m.month - 1].prefix(3))])
        return m.month == 1 || m == months.first?.month ? "\(label)\n\(m.year)" : label
    }
}

/// One month's counts, from history or from this month's incidents.
struct MonthFigures {
    var month: YearMonth
    var bySeverity: [Severity: Int]
    var byThreatType: [ThreatType: Int]
    var total: Int { bySeverity.values.reduce(0, +) }
    var score: Int { bySeverity.reduce(0) { $0 + (MonthlyReport.weights[$1.key] ?? 0) * $1.value } }

    init(_ history: HistoryMonth) {
        month = history.month; bySeverity = history.bySeverity; byThreatType = history.byThreatType
    }

    init(_ bundle: MonthlyBundle) {
        month = bundle.month
        bySeverity = Dictionary(grouping: bundle.incidents, by: \.severity).mapValues(\.count)
        byThreatType = Dictionary(grouping: bundle.incidents, by: \.threatType).mapValues(\.count)
    }
}
