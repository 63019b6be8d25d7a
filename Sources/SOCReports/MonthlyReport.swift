import Foundation
import SOCCharts
import SOCIndicators
import SOCLayout
import SOCModel
import SOCTemplates

/// The monthly report of one tenant, a pure function of its bundle: overall review, the log-to-incident
/// funnel, threat types and severities with their trend, the month's incidents, notification and
/// acknowledgement, advice and news.
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
        let frame = PageFrame(
            tenant: bundle.tenant.name, reportTitle: title, reference: monthName(bundle.month),
            tlp: styles.badge(bundle.marking),
            confidentiality: w.format("footer.confidential", ["tenant": bundle.tenant.name]), styles: styles,
            pageLabel: { w.format("footer.page", ["n": $0, "count": $1]) })
        let end = bundle.month.next.interval(in: bundle.tenant.resolvedTimeZone).start
        return ReportDocument(
            blocks: review() + funnel() + threats() + incidents() + notification() + advice() + news(),
            frame: frame, spec: PageSpec(size: theme.pageSize, margins: theme.margins),
            language: w.language, title: "\(title) \(monthName(bundle.month))",
            subject: "\(bundle.tenant.name) — \(bundle.month)", author: "SOC",
            keywords: ([bundle.tenant.id, bundle.month.description] + bundle.incidents.map(\.id)).joined(
                separator: ", "),
            created: clock.iso(end))
    }

    // MARK: Overall review

    func review() -> [any Block] {
        let w = wording, current = months.last!
        let notifiedInTime = bundle.incidents.filter { i in
            NotificationTarget.delay(determinedAt: i.determinedAt, notifiedAt: i.firstNotifiedAt)?.met ?? false
        }.count
        let worst = bundle.incidents.map(\.severity).max()
        let kpi = styles.table.body.with {
            $0.size = styles.theme.sizes.kpiValue; $0.bold = true; $0.alignment = .center
        }
        let worstStyle = kpi.with { if let worst { $0.color = styles.theme.severity[worst]!.ink } }
        let notifiedStyle = kpi.with {
            if notifiedInTime < bundle.incidents.count { $0.color = styles.theme.colors.missed }
        }
        var blocks: [any Block] = [
            Paragraph(w["monthly.report"], style: styles.muted.with { $0.bold = true }, spaceAfter: 2),
            Paragraph("\(bundle.tenant.name)　\(monthName(bundle.month))", style: styles.title, spaceAfter: 10),
            DataTable(
                title: w["monthly.kpi"],
                columns: ["monthly.kpi.logs", "monthly.kpi.incidents", "monthly.kpi.worst", "monthly.kpi.notified"].map
                { TableColumn(w[$0]) },
                rows: [
                    [
                        TableCell(grouped(bundle.funnel.totalLogs), style: kpi),
                        TableCell(grouped(current.total), style: kpi),
                        TableCell(worst.map(w.severity) ?? w["monthly.level.none"], style: worstStyle),
                        TableCell(
                            bundle.incidents.isEmpty
                                ? "—"
                                : w.format(
                                    "monthly.notifiedRatio", ["met": notifiedInTime, "total": bundle.incidents.count]),
                            style: notifiedStyle),
                    ]
                ],
                style: centredHeader(styles.keyValue), continuationMark: w["continued"]),
            styles.h1(w["monthly.section.review"]),
        ]
        let previousScore = previousMonth.map { String($0.score) } ?? w["monthly.noPrevious"]
        blocks.append(
            styles.facts(
                w["monthly.threatLevel"],
                [
                    (
                        w["monthly.threatLevel"],
                        TableCell(
                            w.format(
                                "monthly.levelLine",
                                ["level": level(current.score), "score": current.score, "previous": previousScore]),
                            style: styles.keyValue.body.with { $0.bold = true })
                    )
                ], keyWeight: 1.2, valueWeight: 3, continued: w["continued"]))
        blocks += Paragraph.paragraphs(bundle.overview ?? writtenOverview(), style: styles.body)
        blocks.append(styles.h2(w["monthly.threatLevelTrend"]))
        blocks.append(
            LineChart(
                categories: monthLabels,
                series: [LineSeries(w["monthly.threatScore"], values: months.map { Double($0.score) })],
                style: chartStyle(), height: months.allSatisfy { $0.score == 0 } ? 100 : 120,
                name: w["monthly.threatLevelTrend"]
            )
            .described(
                w.describing(
                    "a11y.threatLevel", months.map { (monthName($0.month), String($0.score)) },
                    ["month": monthName(bundle.month), "score": current.score])))
        blocks.append(Paragraph(w["monthly.threatScoreNote"], style: styles.small))
        return blocks
    }

    /// The month before this one, when the history has it.
    var previousMonth: MonthFigures? {
        months.count > 1 && months[months.count - 2].month == bundle.month.previous ? months[months.count - 2] : nil
    }

    /// Threat score: incidents weighted by severity.
    static let weights: [Severity: Int] = [.critical: 10, .serious: 5, .medium: 2, .information: 1]

    func level(_ score: Int) -> String {
        wording[
            score == 0
                ? "monthly.level.none"
                : score >= 20 ? "monthly.level.high" : score >= 8 ? "monthly.level.elevated" : "monthly.level.low"]
    }

    /// The overview an analyst did not write, from the figures: the funnel, the incidents by severity,
    /// the change against last month and the threat types that dominated.
    func writtenOverview() -> String {
        let w = wording, current = months.last!
        let base: [String: Any] = [
            "month": monthName(bundle.month), "logs": grouped(bundle.funnel.totalLogs),
            "events": grouped(bundle.funnel.events), "escalated": grouped(bundle.funnel.escalated),
            "count": current.total, "one": current.total == 1,
        ]
        var sentences: [String] = []
        guard current.total > 0 else {
            sentences.append(w.format("overview.none", base))
            if let previous = previousMonth, previous.total > 0 {
                sentences.append(
                    w.format("overview.previousOnly", ["previous": previous.total, "one": previous.total == 1]))
            }
            return sentences.joined(separator: w.format("overview.sentenceSeparator"))
        }
        var values = base
        values["bySeverity"] = list(
            Severity.allCases.filter { current.bySeverity[$0, default: 0] > 0 }
                .map { w.format("overview.severityPart", ["label": w.severity($0), "count": current.bySeverity[$0]!]) })
        sentences.append(w.format("overview.some", values))
        if let previous = previousMonth {
            let key =
                current.total > previous.total
                ? "overview.change.up"
                : current.total < previous.total ? "overview.change.down" : "overview.change.same"
            sentences.append(w.format(key, ["previous": previous.total, "delta": abs(current.total - previous.total)]))
        }
        let present = ThreatType.allCases.filter { current.byThreatType[$0, default: 0] > 0 }
        let top = current.byThreatType.values.max() ?? 0
        let dominant = present.filter { current.byThreatType[$0] == top }
        if top > 1 || present.count == 1 {
            sentences.append(
                w.format(
                    "overview.dominant", ["types": list(dominant.map(w.threatType)), "several": dominant.count > 1]))
        } else if present.count > 1 {
            sentences.append(
                w.format("overview.spread", ["types": list(present.map(w.threatType)), "kinds": present.count]))
        }
        return sentences.joined(separator: w.format("overview.sentenceSeparator"))
    }

    /// "A, B and C" in the report's language.
    func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: wording.format("overview.listSeparator"))
            + wording.format("overview.lastSeparator") + items.last!
    }

    // MARK: Funnel

    func funnel() -> [any Block] {
        let w = wording, f = bundle.funnel
        let incidents = f.incidents ?? bundle.incidents.count
        let stages = [
            FunnelStage(w["monthly.funnel.logs"], value: Int64(f.totalLogs)),
            FunnelStage(w["monthly.funnel.events"], value: Int64(f.events)),
            FunnelStage(w["monthly.funnel.escalated"], value: Int64(f.escalated)),
            FunnelStage(w["monthly.funnel.incidents"], value: Int64(incidents)),
        ]
        let ratio = RatioFormat.oneIn(wording: { [w] n in "↓ " + w.format("monthly.ratio", ["n": n]) })
        let right = styles.table.body.with { $0.alignment = .right }
        let part = styles.table.body.with {
            $0.size = styles.theme.sizes.small; $0.color = styles.theme.colors.muted
        }
        var rows: [[TableCell]] = []
        for (i, stage) in stages.enumerated() {
            let r = i == 0 ? "" : ratio.text(stages[i - 1].value, stage.value)
            rows.append([TableCell(stage.label), TableCell(grouped(Int(stage.value)), style: right), TableCell(r)])
            // The collected logs by source, under their stage: exact numbers read better in the table than
            // crammed between the bars.
            if i == 0 {
                for source in LogSource.allCases {
                    guard let count = f.logsBySource[source] else { continue }
                    let share =
                        f.totalLogs > 0 ? w.format("monthly.share", ["percent": percent(count, of: f.totalLogs)]) : ""
                    rows.append([
                        TableCell("　" + w.logSource(source), style: part),
                        TableCell(grouped(count), style: part.with { $0.alignment = .right }),
                        TableCell(share, style: part),
                    ])
                }
            }
        }
        return [
            styles.h1(w["monthly.section.funnel"]),
            FunnelChart(
                stages: stages, style: chartStyle(), ratio: ratio, scaleNote: w["monthly.funnel.scale"], height: 170,
                name: w["monthly.section.funnel"]
            )
            .described(w.describing("a11y.funnel", stages.map { ($0.label, grouped(Int($0.value))) })),
            // Ten rows at most: kept in one piece.
            KeepTogether(
                [
                    DataTable(
                        title: w["monthly.funnel.table"],
                        columns: [
                            TableColumn(w["monthly.column.stage"], weight: 2),
                            TableColumn(w["monthly.column.count"], weight: 1.2),
                            TableColumn(w["monthly.column.ratio"], weight: 1.8),
                        ],
                        rows: rows, style: centredHeader(styles.table), continuationMark: w["continued"], spaceAfter: 0)
                ],
                name: w["monthly.funnel.table"], spaceBefore: 0, spaceAfter: 8),
        ]
    }

    /// `part` as a percentage of `whole` with one decimal ("33.4").
    func percent(_ part: Int, of whole: Int) -> String {
        let tenths = (Double(part) * 1000 / Double(whole)).rounded()
        return "\(Int(tenths) / 10).\(Int(tenths) % 10)"
    }

    // MARK: Threat types and severities

    func threats() -> [any Block] {
        let w = wording, current = months.last!
        let previous = previousMonth
        let severities = Severity.allCases.reversed() // stacked from information at the bottom to critical on top
        let style = chartStyle()
        let severityStyle = ChartStyle(
            label: style.label, tick: style.tick, value: style.value, legend: style.legend, note: style.note,
            axis: style.axis, grid: style.grid, barOutline: style.barOutline, emphasis: style.emphasis,
            palette: severities.enumerated().map { i, s in
                let swatch = styles.theme.severity[s]!
                return SeriesStyle(
                    color: swatch.fill, hatch: swatch.hatch,
                    marker: MarkerShape.allCases[i % MarkerShape.allCases.count])
            }, numbers: style.numbers)
        // Charts with nothing to show keep their axes and a note, at a smaller size.
        let noHistory = months.allSatisfy { $0.total == 0 }
        var blocks: [any Block] = [
            // The section heading and the first chart's heading move together with the chart.
            KeepTogether(
                [styles.h1(w["monthly.section.threats"]), styles.h2(w["monthly.byType"])],
                name: w["monthly.section.threats"],
                spaceBefore: styles.h1("").spaceBefore, spaceAfter: styles.h2("").spaceAfter, keepsWithNext: true),
            BarChart(
                categories: ThreatType.allCases.map {
                    ChartValue(w.threatType($0), Int64(current.byThreatType[$0, default: 0]))
                },
                style: style, emptyNote: w["monthly.noIncidents"], height: current.total == 0 ? 170 : 220,
                name: w["monthly.byType"]
            )
            .described(
                w.describing(
                    "a11y.byType",
                    ThreatType.allCases.map { (w.threatType($0), String(current.byThreatType[$0, default: 0])) })),
            styles.h2(w["monthly.bySeverity"]),
            StackedBarChart(
                categories: monthLabels,
                series: severities.map { s in
                    CountSeries(w.severity(s), counts: months.map { Int64($0.bySeverity[s, default: 0]) })
                },
                style: severityStyle, emptyNote: w["monthly.noData"], height: noHistory ? 120 : 200,
                name: w["monthly.bySeverity"]
            )
            .described(
                w.describing(
                    "a11y.bySeverity",
                    Severity.allCases.map { (w.severity($0), String(current.bySeverity[$0, default: 0])) },
                    ["month": monthName(bundle.month)])),
            styles.h2(w["monthly.totals"]),
            LineChart(
                categories: monthLabels,
                series: [LineSeries(w["monthly.kpi.incidents"], values: months.map { Double($0.total) })],
                style: style, height: noHistory ? 100 : 140, name: w["monthly.totals"]
            )
            .described(
                w.describing(
                    "a11y.totals", months.map { (monthName($0.month), String($0.total)) },
                    ["month": monthName(bundle.month), "count": current.total])),
            styles.h2(w["monthly.countsTable"]),
        ]
        func row(_ label: String, _ now: Int, _ before: Int?, bold: Bool = false) -> [TableCell] {
            let left = styles.table.body.with { $0.bold = bold }
            let right = left.with { $0.alignment = .right }
            let change =
                before.map { now - $0 }.map { $0 > 0 ? "+\($0)" : $0 < 0 ? "−\(-$0)" : "±0" } ?? w["monthly.noPrevious"]
            return [
                TableCell(label, style: left), TableCell(String(now), style: right),
                TableCell(before.map(String.init) ?? w["monthly.noPrevious"], style: right),
                TableCell(change, style: right),
            ]
        }
        var rows = Severity.allCases.map {
            row(w.severity($0), current.bySeverity[$0, default: 0], previous?.bySeverity[$0, default: 0])
        }
        rows += ThreatType.allCases.filter {
            current.byThreatType[$0, default: 0] > 0 || (previous?.byThreatType[$0, default: 0] ?? 0) > 0
        }
        .map { row(w.threatType($0), current.byThreatType[$0, default: 0], previous?.byThreatType[$0, default: 0]) }
        rows.append(row(w["monthly.total"], current.total, previous?.total, bold: true))
        // Sixteen rows at most: kept in one piece.
        blocks.append(
            KeepTogether(
                [
                    DataTable(
                        title: w["monthly.countsTable"],
                        columns: [
                            TableColumn(w["monthly.column.category"], weight: 2.6),
                            TableColumn(w["monthly.column.thisMonth"]),
                            TableColumn(w["monthly.column.lastMonth"]), TableColumn(w["monthly.column.change"]),
                        ],
                        rows: rows, style: centredHeader(styles.table), continuationMark: w["continued"], spaceAfter: 0)
                ],
                name: w["monthly.countsTable"], spaceBefore: 0, spaceAfter: 8))
        return blocks
    }

    // MARK: Incidents, advice, news

    func incidents() -> [any Block] {
        let w = wording
        var blocks: [any Block] = [styles.h1(w["monthly.section.incidents"])]
        guard !bundle.incidents.isEmpty else {
            return blocks + [Paragraph(w["monthly.noIncidents"], style: styles.body)]
        }
        // English words are long; a slightly smaller type leaves the title column room to read.
        let body = styles.table.body.with { if w.language == .en { $0.size = styles.theme.sizes.table - 0.6 } }
        // A summary lists no indicators, but a URL in a title is defanged as the incident report does.
        let defangURLs = ProseDefanger(domains: [], urls: [], ips: [])
        let rows: [[TableCell]] = bundle.incidents.sorted {
            ($0.determinedAt.date, $0.id) < ($1.determinedAt.date, $1.id)
        }.map { i in
            let swatch = styles.theme.severity[i.severity]!
            var delayStyle = body
            let delay =
                NotificationTarget.delay(determinedAt: i.determinedAt, notifiedAt: i.firstNotifiedAt).map {
                    seconds, met -> String in
                    if !met {
                        delayStyle = delayStyle.with {
                            $0.bold = true; $0.color = styles.theme.colors.missed
                        }
                    }
                    return wording.duration(seconds: seconds)
                } ?? w["notRecorded"]
            return [
                TableCell(i.id, style: styles.monoSmall), TableCell(dayTime(i.determinedAt.date), style: body),
                TableCell(
                    w.severity(i.severity),
                    style: body.with {
                        $0.bold = true; $0.color = swatch.text
                    }, fill: swatch.fill),
                TableCell(w.threatType(i.threatType), style: body),
                TableCell(defangURLs(i.title), style: body),
                TableCell(i.stage.map(w.stage) ?? w["notRecorded"], style: body), TableCell(delay, style: delayStyle),
            ]
        }
        // Column widths in points of the 515 pt text width, so that "Reconnaissance", "Information" and
        // "インストール" keep to one line: English words need more room than kanji.
        let widths: [Double] = w.language == .en ? [78, 64, 60, 78, 111, 78, 46] : [78, 53, 38, 64, 168, 56, 58]
        let titles = [
            w["column.id"], w["monthly.column.determined"], w["fact.severity"], w["fact.threatType"],
            w["monthly.column.title"], w["incident.stage"], w["monthly.column.delay"],
        ]
        blocks.append(
            DataTable(
                title: w["monthly.section.incidents"], columns: zip(titles, widths).map { TableColumn($0, weight: $1) },
                rows: rows, style: styles.table, continuationMark: w["continued"]))
        return blocks
    }

    // MARK: Notification and acknowledgement

    /// The 15-minute promise, incident by incident: determination to the relay accepting the first mail, to the
    /// first acknowledgement, and the calls made; a summary (within 15 minutes, median, longest) and a chart of
    /// the incidents by time to notification (fixed bands, so a busy month's chart reads as a quiet one's),
    /// whose Alt text is written from the same figures.
    func notification() -> [any Block] {
        let w = wording
        var blocks: [any Block] = [styles.h1(w["monthly.section.notification"])]
        guard !bundle.incidents.isEmpty else {
            return blocks + [Paragraph(w["monthly.notification.none"], style: styles.body)]
        }
        let incidents = bundle.incidents.sorted { ($0.determinedAt.date, $0.id) < ($1.determinedAt.date, $1.id) }
        let delays = incidents.map {
            NotificationTarget.delay(determinedAt: $0.determinedAt, notifiedAt: $0.firstNotifiedAt)
        }
        let recorded = delays.compactMap { $0?.seconds }.sorted()
        func duration(_ seconds: Int?) -> String { seconds.map { w.duration(seconds: max(0, $0)) } ?? w["notRecorded"] }
        let median =
            recorded.isEmpty
            ? nil
            : recorded.count % 2 == 1
                ? recorded[recorded.count / 2]
                : (recorded[recorded.count / 2 - 1] + recorded[recorded.count / 2]) / 2
        blocks.append(
            Paragraph(
                w.format(
                    "monthly.notification.summary",
                    [
                        "total": incidents.count, "met": delays.filter { $0?.met == true }.count,
                        "median": duration(median), "longest": duration(recorded.last),
                        "acknowledged": incidents.filter { $0.acknowledgedAt != nil }.count,
                        "calls": incidents.reduce(0) { $0 + ($1.calls ?? 0) },
                    ]), style: styles.body))
        var bands: [(label: String, count: Int)] = Self.notificationBands.map {
            (w.format("monthly.notification.upTo", ["m": $0 / 60]), 0)
        }
        bands.append((w.format("monthly.notification.over", ["m": Self.notificationBands.last! / 60]), 0))
        for seconds in recorded {
            bands[Self.notificationBands.firstIndex { seconds <= $0 } ?? Self.notificationBands.count].count += 1
        }
        if recorded.count < incidents.count { bands.append((w["notRecorded"], incidents.count - recorded.count)) }
        blocks.append(styles.h2(w["monthly.notification.chart"]))
        blocks.append(
            BarChart(
                categories: bands.map { ChartValue($0.label, Int64($0.count)) }, style: chartStyle(), height: 170,
                name: w["monthly.notification.chart"]
            )
            .described(w.describing("a11y.notification", bands.map { ($0.label, String($0.count)) })))
        let right = styles.table.body.with { $0.alignment = .right }
        let rows: [[TableCell]] = zip(incidents, delays).map { incident, delay in
            let missed = delay.map { !$0.met } ?? true
            let toAck = incident.acknowledgedAt.map {
                Int($0.date.timeIntervalSince(incident.determinedAt.date).rounded())
            }
            return [
                TableCell(incident.id, style: styles.monoSmall),
                TableCell(dayTime(incident.determinedAt.date), style: styles.table.body),
                TableCell(
                    duration(delay?.seconds),
                    style: missed
                        ? right.with {
                            $0.bold = true; $0.color = styles.theme.colors.missed
                        } : right),
                TableCell(duration(toAck), style: right), TableCell(String(incident.calls ?? 0), style: right),
            ]
        }
        blocks.append(
            DataTable(
                title: w["monthly.notification.table"],
                columns: [
                    TableColumn(w["column.id"], weight: 1.4), TableColumn(w["monthly.column.determined"], weight: 1.3),
                    TableColumn(w["monthly.column.delay"]), TableColumn(w["monthly.column.toAck"]),
                    TableColumn(w["monthly.column.calls"], weight: 0.6),
                ],
                rows: rows, style: centredHeader(styles.table), continuationMark: w["continued"]))
        return blocks
    }

    /// The chart's bands of time to notification, in seconds: up to 5, 10, 15 (the promise), 30 and 60 minutes, then more.
    static let notificationBands = [300, 600, 900, 1800, 3600]

    /// "10月6日 12:55" for a time in the report's month, the full date and time otherwise.
    func dayTime(_ date: Date) -> String {
        let c = clock.civil(date)
        guard c.year == bundle.month.year, c.month == bundle.month.month else { return clock.dateTime(date) }
        let time = zeroPadded(c.hour, width: 2) + ":" + zeroPadded(c.minute, width: 2)
        return wording.format(
            "monthly.dayTime",
            [
                "month": c.month, "day": c.day, "time": time,
                "monthAbbr": wording.monthAbbreviation(c.month),
            ])
    }

    func advice() -> [any Block] {
        let w = wording
        var blocks: [any Block] = [styles.h1(w["monthly.section.advice"])]
        let rank: [AdvicePriority?: Int] = [.high: 0, .medium: 1, .low: 2, nil: 3]
        var items: [(advice: Advice, basis: String?)]
        var note: Paragraph?
        if let given = bundle.advice, !given.isEmpty {
            items = given.enumerated().sorted {
                (rank[$0.element.priority] ?? 3, $0.offset) < (rank[$1.element.priority] ?? 3, $1.offset)
            }
            .map { ($0.element, nil) }
        } else {
            note = Paragraph(
                w[bundle.incidents.isEmpty ? "monthly.derivedAdviceQuiet" : "monthly.derivedAdvice"],
                style: styles.muted)
            items = derivedAdvice()
        }
        for (n, (item, basis)) in items.enumerated() {
            let accent = item.priority == .high ? styles.theme.colors.found : styles.theme.colors.accent
            var content: [any Block] = [Paragraph(item.title, style: styles.strong, spaceAfter: 2)]
            if let p = item.priority {
                content.append(
                    Paragraph("\(w["monthly.priority"]): \(w.priority(p))", style: styles.small, spaceAfter: 3))
            }
            content += Paragraph.paragraphs(item.body, style: styles.body, spaceAfter: 3)
            if let basis { content.append(Paragraph(basis, style: styles.small, spaceAfter: 0)) }
            let callout = Callout(
                content, name: item.title, fill: styles.theme.colors.callout, accent: accent, spaceBefore: 4,
                spaceAfter: 0)
            // The note on derived proposals stays with the first of them.
            blocks.append(
                KeepTogether(
                    (n == 0 ? note.map { [$0] } ?? [] : []) + [callout], name: item.title, spaceBefore: 4, spaceAfter: 6
                ))
        }
        return blocks
    }

    /// One proposal per threat type seen this month, most pressing first: high priority when the type
    /// brought a critical or serious incident or three and more; the standard proposal when there were none.
    func derivedAdvice() -> [(advice: Advice, basis: String?)] {
        let w = wording
        let byType = Dictionary(grouping: bundle.incidents, by: \.threatType)
        let proposals = ThreatType.allCases.enumerated().compactMap {
            order, type -> (advice: Advice, basis: String?, rank: (Int, Int, Int))? in
            guard let incidents = byType[type] else { return nil }
            let urgent = incidents.contains { $0.severity >= .serious } || incidents.count >= 3
            let ids = incidents.sorted { ($0.determinedAt.date, $0.id) < ($1.determinedAt.date, $1.id) }.map(\.id)
            var shown = ids.prefix(5).joined(separator: w.format("overview.listSeparator"))
            if ids.count > 5 { shown += w.format("advice.more", ["n": ids.count - 5]) }
            let basis = w.format(
                "advice.basis",
                ["type": w.threatType(type), "count": incidents.count, "one": incidents.count == 1, "ids": shown])
            return (
                Advice(
                    title: w["advice.\(type.rawValue).title"], body: w["advice.\(type.rawValue).body"],
                    priority: urgent ? .high : .medium),
                basis, (urgent ? 0 : 1, -incidents.count, order)
            )
        }.sorted { $0.rank < $1.rank }
        guard !proposals.isEmpty else {
            return [(Advice(title: w["advice.default.title"], body: w["advice.default.body"], priority: .low), nil)]
        }
        return proposals.map { ($0.advice, $0.basis) }
    }

    func news() -> [any Block] {
        let w = wording
        var blocks: [any Block] = [styles.h1(w["monthly.section.news"])]
        // Items written in the other language are left to that language's reports.
        let items = bundle.news.filter { $0.language.map { $0 == w.language } ?? true }
        guard !items.isEmpty else { return blocks + [Paragraph(w["monthly.noNews"], style: styles.body)] }
        for (n, item) in items.enumerated().sorted(by: {
            ($0.element.date.description, $0.offset) < ($1.element.date.description, $1.offset)
        }) {
            var content: [any Block] = [
                Heading(item.title, level: 2, style: styles.strong, spaceBefore: 0, spaceAfter: 2),
                Paragraph(
                    ([item.date.description, item.source].compactMap { $0 } + item.tags.map { "#\($0)" }).joined(
                        separator: "  ·  "),
                    style: styles.small, spaceAfter: 3),
            ]
            content += Paragraph.paragraphs(item.summary, style: styles.body, spaceAfter: 3)
            if let url = item.url {
                content.append(
                    Paragraph(url, style: styles.monoSmall.with { $0.color = styles.theme.colors.muted }, spaceAfter: 0)
                )
            }
            // An item stays on one page: its link is no use at the top of the next one.
            blocks.append(KeepTogether(content, name: "news \(n + 1)", spaceBefore: 8, spaceAfter: 4))
        }
        return blocks
    }

    // MARK: Helpers

    func chartStyle() -> ChartStyle {
        let t = styles.theme
        let muted = t.colors.muted
        return ChartStyle(
            label: TextStyle(size: t.sizes.chartLabel, color: t.colors.text),
            tick: TextStyle(size: t.sizes.chartTick, color: muted),
            value: TextStyle(size: t.sizes.chartValue, bold: true, color: t.colors.text),
            legend: TextStyle(size: t.sizes.chartLegend, color: t.colors.text),
            note: TextStyle(size: t.sizes.chartNote, color: muted), grid: Stroke(color: t.colors.grid, width: 0.4),
            emphasis: t.colors.stripe,
            palette: t.palette.enumerated().map { i, p in
                SeriesStyle(
                    color: p.color, hatch: p.hatch, marker: MarkerShape.allCases[i % MarkerShape.allCases.count])
            })
    }

    func monthName(_ m: YearMonth) -> String { wording.month(m) }

    /// Month labels of the trend charts, oldest first: the year under the first month and under every
    /// month whose year differs from the label before, so "11月" of two years never look alike.
    var monthLabels: [String] {
        months.enumerated().map { i, figures in
            let m = figures.month
            let label = wording.format(
                "monthly.monthShort", ["month": m.month, "monthAbbr": wording.monthAbbreviation(m.month)])
            return i == 0 || months[i - 1].month.year != m.year ? "\(label)\n\(m.year)" : label
        }
    }

    func centredHeader(_ style: TableStyle) -> TableStyle {
        var style = style
        style.header = style.header.with { $0.alignment = .center }
        return style
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
