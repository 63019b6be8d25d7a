import Foundation
import SOCIndicators
import SOCLayout
import SOCModel
import SOCTemplates

/// The incident report: title block and key facts, then analyst analysis, recommended countermeasures
/// and attack details, in the order a reader who must act fast needs them.
public struct IncidentReport {
    let incident: Incident
    let wording: Wording
    let styles: Styles
    let clock: TimeFormatter
    /// Applied to every free text of the record: indicators in prose are defanged like the block lists.
    let prose: ProseDefanger

    public init(incident: Incident, wording: Wording, styles: Styles) {
        self.incident = incident
        self.wording = wording
        self.styles = styles
        clock = TimeFormatter(zone: incident.tenant.resolvedTimeZone)
        let r = incident.recommendations
        prose = ProseDefanger(domains: r.blockDomains, urls: r.blockUrls, ips: r.blockIps)
    }

    public func document() -> ReportDocument {
        let w = wording
        let theme = styles.theme
        let reference = "\(incident.id)  \(revisionLabel)"
        let frame = PageFrame(
            tenant: incident.tenant.name, reportTitle: w["incident.report"], reference: reference,
            tlp: styles.badge(incident.tlp),
            confidentiality: w.format("footer.confidential", ["tenant": incident.tenant.name]), styles: styles,
            pageLabel: { w.format("footer.page", ["n": $0, "count": $1]) })
        return ReportDocument(
            blocks: titleBlock() + analysis() + countermeasures() + attackDetails(),
            frame: frame, spec: PageSpec(size: theme.pageSize, margins: theme.margins),
            language: w.language,
            title: "\(w["incident.report"]): \(prose(incident.title))",
            subject: "\(reference) — \(incident.tenant.name)",
            author: incident.analysts.isEmpty ? "SOC" : incident.analysts.joined(separator: ", "),
            keywords: ([incident.id, w.severity(incident.severity), w.threatType(incident.threatType)]
                + incident.analysis.attackKeywords.map { prose($0) }).joined(separator: ", "),
            created: clock.iso(incident.determinedAt.date))
    }

    var revisionLabel: String { wording.revision(incident.revision) }

    // MARK: Title and key facts

    func titleBlock() -> [any Block] {
        let w = wording, theme = styles.theme
        let severity = theme.severity[incident.severity]!
        var blocks: [any Block] = [
            Heading(
                w["incident.report"] + " — " + revisionLabel, level: 1, style: styles.muted.with { $0.bold = true },
                spaceBefore: 0, spaceAfter: 2),
            Paragraph(prose(incident.title), style: styles.title, spaceAfter: 6),
            BadgeRow(
                [
                    Badge(
                        "\(w["fact.severity"]): \(w.severity(incident.severity))", fill: severity.fill,
                        textColor: severity.text,
                        spoken: w.format("a11y.severity", ["severity": w.severity(incident.severity)])),
                    Badge(
                        w.threatType(incident.threatType), fill: .white, textColor: theme.colors.text,
                        stroke: Stroke(color: theme.colors.grid, width: 0.8)),
                    styles.badge(
                        incident.tlp, spoken: w.format("a11y.tlp", ["level": incident.tlp.rawValue.uppercased()])),
                ], style: styles.badge, spaceAfter: 10),
            styles.facts(w["incident.keyFacts"], keyFacts(), continued: w["continued"]),
        ]
        if incident.revision > 1, let note = incident.revisionNote {
            blocks.append(
                Callout(
                    [Paragraph(w["incident.revisionNote"], style: styles.strong, spaceAfter: 3)]
                        + Paragraph.paragraphs(prose(note), style: styles.body),
                    name: w["incident.revisionNote"], fill: theme.colors.callout, accent: theme.colors.accent))
        }
        return blocks
    }

    func keyFacts() -> [(String, TableCell)] {
        let w = wording, theme = styles.theme
        let severity = theme.severity[incident.severity]!
        return [
            (w["fact.id"], TableCell(incident.id, style: styles.mono)),
            (w["fact.revision"], TableCell(revisionLabel)),
            (
                w["fact.severity"],
                TableCell(
                    w.severity(incident.severity),
                    style: styles.keyValue.body.with {
                        $0.bold = true; $0.color = severity.ink
                    })
            ),
            (w["fact.threatType"], TableCell(w.threatType(incident.threatType))),
            (w["fact.detected"], TableCell(time(incident.detectedAt))),
            (w["fact.determined"], TableCell(time(incident.determinedAt))),
            (w["fact.notified"], TableCell(incident.notifiedAt.map(time) ?? w["notRecorded"])),
            (w["fact.delay"], notificationDelay()),
            (
                w["fact.analysts"],
                TableCell(incident.analysts.isEmpty ? w["notRecorded"] : incident.analysts.joined(separator: ", "))
            ),
        ]
    }

    func notificationDelay() -> TableCell {
        let target = NotificationTarget.minutes
        guard
            let (seconds, met) = NotificationTarget.delay(
                determinedAt: incident.determinedAt, notifiedAt: incident.notifiedAt)
        else {
            return TableCell(wording.format("delay.pending", ["target": target]))
        }
        let elapsed = wording.duration(seconds: seconds)
        let style = styles.keyValue.body.with {
            $0.bold = true; $0.color = met ? styles.theme.colors.met : styles.theme.colors.missed
        }
        return TableCell(
            wording.format(met ? "delay.met" : "delay.missed", ["elapsed": elapsed, "target": target]), style: style)
    }

    func time(_ t: Timestamp) -> String { clock.zoned(t.date) }

    // MARK: Analyst analysis

    func analysis() -> [any Block] {
        let w = wording, a = incident.analysis
        var blocks: [any Block] = [styles.h1(w["incident.section.analysis"]), styles.h2(w["incident.summary"])]
        blocks += Paragraph.paragraphs(prose(a.summary), style: styles.body)

        blocks.append(styles.h2(w["incident.victims"]))
        let fields: [(String, KeyPath<Victim, String?>)] = [
            ("column.host", \.host), ("column.ip", \.ip), ("column.user", \.user),
            ("column.department", \.department), ("column.description", \.description),
        ]
        let present = fields.filter { f in a.victims.contains { $0[keyPath: f.1] != nil } }
        if a.victims.isEmpty || present.isEmpty {
            blocks.append(Paragraph(w["none"], style: styles.muted))
        } else {
            blocks.append(
                DataTable(
                    title: w["incident.victims"],
                    columns: present.map { TableColumn(w[$0.0], weight: $0.0 == "column.description" ? 2.2 : 1) },
                    rows: a.victims.map { v in
                        present.map { f in
                            TableCell(prose(v[keyPath: f.1] ?? ""), style: f.0 == "column.ip" ? styles.mono : nil)
                        }
                    },
                    style: styles.table, continuationMark: w["continued"]))
        }

        blocks.append(styles.h2(w["incident.occurrence"]))
        blocks.append(
            styles.facts(
                w["incident.occurrence"],
                [
                    (w["fact.occurred"], TableCell(time(a.occurredAt))),
                    (w["fact.lastSeen"], TableCell(a.lastSeenAt.map(time) ?? w["notRecorded"])),
                ], continued: w["continued"]))

        blocks.append(styles.h2(w["incident.keywords"]))
        if a.attackKeywords.isEmpty {
            blocks.append(Paragraph(w["none"], style: styles.muted))
        } else {
            blocks.append(
                BadgeRow(
                    a.attackKeywords.map {
                        Badge(
                            prose($0), fill: styles.theme.colors.callout, textColor: styles.theme.colors.text,
                            stroke: Stroke(color: styles.theme.colors.grid, width: 0.6))
                    }, style: styles.body))
        }
        blocks.append(finding(w["incident.dataLeakage"], a.dataLeakage))
        blocks.append(finding(w["incident.targetedAttack"], a.targetedAttack))
        return blocks
    }

    /// A finding boxed in red when found, green when not, with its description and evidence.
    func finding(_ title: String, _ f: EvidenceFinding?) -> any Block {
        let w = wording, theme = styles.theme
        let found = f?.found ?? false
        let colour = found ? theme.colors.found : theme.colors.notFound
        var content: [any Block] = [
            Paragraph(
                "\(title): \(w[found ? "incident.found" : "incident.notFound"])",
                style: styles.strong.with { $0.color = colour }, spaceAfter: 3)
        ]
        if let description = f?.description {
            content += Paragraph.paragraphs(prose(description), style: styles.body, spaceAfter: 3)
        }
        if let evidence = f?.evidence, !evidence.isEmpty {
            content.append(Paragraph(w["incident.evidence"], style: styles.strong, spaceAfter: 1))
            content.append(ListBlock(evidence.map { prose($0) }, style: styles.mono))
        }
        return Callout(content, name: title, fill: theme.colors.callout, accent: colour, spaceBefore: 8)
    }

    // MARK: Recommended countermeasures

    func countermeasures() -> [any Block] {
        let w = wording, r = incident.recommendations
        var blocks: [any Block] = [styles.h1(w["incident.section.countermeasures"]), styles.h2(w["incident.actions"])]
        blocks.append(
            r.actions.isEmpty
                ? Paragraph(w["none"], style: styles.muted)
                : ListBlock(r.actions.flatMap { splitParagraphs(prose($0)) }, ordered: true, style: styles.body))
        let indicators: [(String, [String])] = [
            ("incident.blockDomains", r.blockDomains.map(Defang.host)),
            ("incident.blockUrls", r.blockUrls.map(Defang.url)),
            ("incident.blockIps", r.blockIps.map(Defang.ip)),
        ]
        for (key, values) in indicators where !values.isEmpty {
            blocks.append(styles.h2(w[key]))
            blocks.append(ListBlock(values, style: styles.mono))
        }
        if indicators.contains(where: { !$0.1.isEmpty }) {
            blocks.append(Paragraph(w["incident.defangNote"], style: styles.small))
        }
        if !r.blockSignatures.isEmpty {
            blocks.append(styles.h2(w["incident.signatures"]))
            blocks.append(
                DataTable(
                    title: w["incident.signatures"],
                    columns: [
                        TableColumn(w["column.name"], weight: 3.2), TableColumn(w["column.id"], weight: 1),
                        TableColumn(w["column.product"], weight: 1.2),
                    ],
                    rows: r.blockSignatures.map {
                        [
                            TableCell($0.name, style: styles.table.body.with { $0.showsInvisibles = true }),
                            TableCell($0.id ?? "", style: styles.mono), TableCell($0.product ?? ""),
                        ]
                    },
                    style: styles.table, continuationMark: w["continued"]))
        }
        return blocks
    }

    // MARK: Attack details

    func attackDetails() -> [any Block] {
        let w = wording, a = incident.attack, theme = styles.theme
        var blocks: [any Block] = [styles.h1(w["incident.section.attack"]), styles.h2(w["incident.overview"])]
        blocks += Paragraph.paragraphs(prose(a.overview), style: styles.body)
        blocks.append(styles.h2("\(w["incident.stage"]): \(w.stage(a.stage))"))
        blocks.append(
            StageDiagram(
                stages: KillChainStage.allCases.map { w.stage($0) }, reached: a.stage.ordinal,
                style: StageDiagramStyle(
                    label: TextStyle(size: theme.sizes.small + 0.4, color: theme.colors.text),
                    reachedFill: theme.colors.stageReached, reachedText: .white,
                    passedFill: theme.colors.stagePassed, pendingFill: theme.colors.stagePending,
                    outline: Stroke(color: theme.colors.grid, width: 0.6)),
                alt: w.describing(
                    "a11y.stages", KillChainStage.allCases.map { (w.stage($0), "") },
                    ["count": KillChainStage.allCases.count, "n": a.stage.ordinal + 1, "stage": w.stage(a.stage)])))
        blocks.append(styles.h2(w["incident.description"]))
        blocks += Paragraph.paragraphs(prose(a.description), style: styles.body)
        if !a.techniques.isEmpty {
            blocks.append(styles.h2(w["incident.techniques"]))
            blocks.append(
                DataTable(
                    title: w["incident.techniques"],
                    columns: [TableColumn(w["column.id"], weight: 1), TableColumn(w["column.name"], weight: 4)],
                    rows: a.techniques.map { [TableCell($0.id, style: styles.mono), TableCell($0.name ?? "")] },
                    style: styles.table, continuationMark: w["continued"]))
        }
        if !a.timeline.isEmpty {
            blocks.append(styles.h2(w["incident.timeline"]))
            blocks.append(
                DataTable(
                    title: w["incident.timeline"],
                    columns: [TableColumn(w["column.time"], weight: 1.25), TableColumn(w["column.event"], weight: 4)],
                    rows: a.timeline.map {
                        [TableCell(clock.dateTime($0.at.date), style: styles.mono), TableCell(prose($0.event))]
                    },
                    style: styles.table, continuationMark: w["continued"]))
        }
        blocks.append(styles.h2(w["incident.logs"]))
        let zone = incident.tenant.timeZone
        let offset = clock.offset(at: incident.determinedAt.date)
        blocks.append(
            Paragraph(
                w.format(
                    "logs.caption",
                    [
                        "count": grouped(a.logs.count),
                        "zone": w.format("time.zone", ["zone": zone, "offset": offset]),
                    ]),
                style: styles.small, spaceAfter: 3))
        if !a.logs.isEmpty { blocks.append(logTable(a.logs)) }
        return blocks
    }

    /// Every log record, in columns chosen to fit A4: time, source, endpoints, host or URL, action, signature.
    /// The record's other fields ride along in the cell they belong to, so nothing of the evidence is dropped.
    func logTable(_ logs: [LogRecord]) -> DataTable {
        let w = wording
        let mono = styles.log.body.with {
            $0.role = .mono; $0.showsInvisibles = true
        }
        let rows: [[TableCell]] = logs.map { r in
            let target = r.url.map(Defang.url) ?? r.host.map(Defang.host) ?? ""
            let request = [r.method, r.status.map(String.init), r.user.map { "user=\($0)" }].compactMap { $0 }.joined(
                separator: " ")
            let volume = [r.bytesSent.map { "↑\(grouped($0))B" }, r.bytesReceived.map { "↓\(grouped($0))B" }].compactMap
            { $0 }.joined(separator: " ")
            let detail = [
                r.signature.map { prose($0) }, r.category.map { "[\($0)]" }, volume.isEmpty ? nil : volume,
                r.message.map { prose($0) },
            ].compactMap { $0 }
            return [
                TableCell(clock.dateTime(r.time.date), style: mono),
                TableCell(w.logSource(r.source) + (r.device.map { "\n" + $0 } ?? "")),
                TableCell(
                    endpoint(r.srcIp, r.srcPort) + "\n→ " + endpoint(r.dstIp, r.dstPort)
                        + (r.protocol.map { "\n" + $0 } ?? ""), style: mono),
                TableCell([target, request].filter { !$0.isEmpty }.joined(separator: "\n"), style: mono),
                TableCell(r.action.map(w.action) ?? ""),
                TableCell(detail.joined(separator: "\n")),
            ]
        }
        return DataTable(
            title: w["incident.logs"],
            columns: [
                TableColumn(w["column.time"], weight: 1.2), TableColumn(w["column.source"], weight: 1.0),
                TableColumn(w["column.srcDst"], weight: 1.7), TableColumn(w["column.hostUrl"], weight: 2.6),
                TableColumn(w["column.action"], weight: 0.75), TableColumn(w["column.signature"], weight: 1.7),
            ],
            rows: rows, style: styles.log, continuationMark: w["continued"])
    }

    func endpoint(_ ip: String?, _ port: Int?) -> String {
        guard let ip else { return "—" }
        guard let port else { return ip }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
