import Foundation
import SOCModel

/// The indicators of one export — an incident revision, or a tenant's month — with the incidents that
/// name each. Every file format is written from this one value.
public struct IndicatorList: Sendable {
    /// Names the exporter in the portal's manifest, as the renderer fingerprint names the PDF engine.
    public static let version = "socreport-indicators/1"

    public var tenant: Tenant
    /// The report's name: the incident's title, or the monthly report's.
    public var title: String
    /// What the STIX ids are derived from besides the object's own value: [tenant, incident] for an
    /// incident (its ids survive revisions), [tenant] for a month (an indicator keeps its id from month to month).
    var scope: [String]
    /// Names the report within the scope: "" for an incident, the month for a monthly list.
    var reportKey: String
    /// Names this version of the bundle: the revision, or the month.
    var version: String
    public var mentions: [Mention]
    public var entries: [Entry]
    /// Values the records hold that are not exported, with the incident they come from.
    public var problems: [IndicatorProblem]
    /// When the report was published; for a month, its latest determination (its start when it had none).
    var published: Date

    /// One incident revision that names indicators.
    public struct Mention: Sendable {
        public let incident: Incident
        /// The latest time the revision records, one millisecond later per revision, so that every revision's
        /// STIX objects carry a later `modified` than the previous one's while staying reproducible.
        let modified: Date
        let firstSeen: Date
        let lastSeen: Date
        let signatures: [Signature]

        init(_ extracted: IncidentIndicators) {
            let i = extracted.incident
            incident = i
            let times =
                [i.determinedAt, i.notifiedAt, i.analysis.lastSeenAt].compactMap { $0 }.map(\.date)
                + i.attack.timeline.map(\.at.date) + i.attack.logs.map(\.time.date)
            modified = times.max()!.addingTimeInterval(Double(i.revision - 1) / 1000)
            firstSeen = extracted.firstSeen
            lastSeen = extracted.lastSeen
            signatures = extracted.signatures
        }
    }

    /// One indicator and the mentions (indexes into `mentions`) that name it.
    public struct Entry: Sendable {
        public var indicator: Indicator
        public var mentionIndexes: [Int]
    }

    /// The indicators of one incident revision, deduplicated, in the record's order.
    public init(incident: Incident) {
        let extracted = IncidentIndicators(incident)
        tenant = incident.tenant
        title = incident.title
        scope = [incident.tenant.id, incident.id]
        reportKey = ""
        version = "r\(incident.revision)"
        mentions = [Mention(extracted)]
        entries = extracted.indicators.map { Entry(indicator: $0, mentionIndexes: [0]) }
        problems = extracted.problems
        published = incident.determinedAt.date
    }

    /// The month's indicators across `incidents` (the latest revision of each incident of the month),
    /// deduplicated and sorted by kind and value, each with every incident that named it.
    public init(tenant: Tenant, month: YearMonth, incidents: [Incident]) {
        self.tenant = tenant
        title = "\(tenant.name): indicators of \(month)"
        scope = [tenant.id]
        reportKey = month.description
        version = month.description
        let ordered = incidents.sorted { ($0.determinedAt, $0.id) < ($1.determinedAt, $1.id) }
        let extractions = ordered.map(IncidentIndicators.init)
        mentions = extractions.map(Mention.init)
        var byKey: [String: Entry] = [:]
        problems = []
        for (index, extracted) in extractions.enumerated() {
            let incident = extracted.incident
            problems += extracted.problems.map { IndicatorProblem($0.message, path: "\(incident.id): \($0.path)") }
            for indicator in extracted.indicators {
                byKey[indicator.key, default: Entry(indicator: indicator, mentionIndexes: [])].mentionIndexes.append(
                    index)
            }
        }
        entries = byKey.values.sorted {
            ($0.indicator.kind, $0.indicator.value) < ($1.indicator.kind, $1.indicator.value)
        }
        published = ordered.last?.determinedAt.date ?? month.interval(in: tenant.resolvedTimeZone).start
    }

    func mentions(of entry: Entry) -> [Mention] { entry.mentionIndexes.map { mentions[$0] } }

    /// The most restrictive marking of the mentions: what a value shared by a TLP:RED incident is marked.
    func tlp(_ mentions: [Mention]) -> TLP {
        mentions.map(\.incident.tlp).max { $0.restriction < $1.restriction } ?? .clear
    }

    func severity(_ mentions: [Mention]) -> Severity? { mentions.map(\.incident.severity).max() }

    /// The earliest first sighting and the latest last sighting of the mentions.
    func seen(_ mentions: [Mention]) -> (first: Date, last: Date) {
        (mentions.map(\.firstSeen).min()!, mentions.map(\.lastSeen).max()!)
    }

    /// The values of one blocklist, one a line.
    public func blocklist(_ list: Blocklist) -> [UInt8] {
        Array(entries.filter { $0.indicator.kind.blocklist == list }.map { $0.indicator.value + "\n" }.joined().utf8)
    }
}
