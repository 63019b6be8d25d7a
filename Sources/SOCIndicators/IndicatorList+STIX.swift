import Foundation
import SOCModel

/// The STIX 2.1 bundle: the TLP 2.0 marking definitions used, an identity for the SOC, a report naming
/// everything else, an indicator per value, an attack-pattern per ATT&CK technique and a note per
/// signature to block. Every object but the marking definitions carries its TLP marking.
extension IndicatorList {
    /// The name of the identity that creates every object.
    public static let producer = "socreport SOC"
    /// Fixed, so that the identity is the same object in every bundle.
    static let producerCreated = "2024-01-01T00:00:00.000Z"

    public func stix() throws -> [UInt8] {
        let identity = STIXIdentifier.make("identity", [Self.producer])
        let all = mentions
        let reportTLP = tlp(all)
        let created = STIXTime.text(all.map(\.incident.determinedAt.date).min() ?? published)
        let modified = STIXTime.text(all.map(\.modified).max() ?? published)

        func object(_ type: String, _ parts: [String], tlp: TLP, created: String, modified: String) -> STIXObject {
            var object = STIXObject(
                type: type, id: STIXIdentifier.make(type, scope + parts), created: created, modified: modified)
            object.createdByRef = identity
            object.objectMarkingRefs = [tlp.markingDefinitionID]
            return object
        }

        var soc = STIXObject(
            type: "identity", id: identity, created: Self.producerCreated, modified: Self.producerCreated)
        soc.name = Self.producer
        soc.identityClass = "organization"
        soc.objectMarkingRefs = [TLP.clear.markingDefinitionID]

        var indicators: [STIXObject] = []
        for entry in entries {
            let named = mentions(of: entry), seen = seen(named)
            let value = entry.indicator
            var indicator = object(
                "indicator", [value.kind.rawValue, value.value], tlp: tlp(named),
                created: STIXTime.text(named.map(\.incident.determinedAt.date).min()!),
                modified: STIXTime.text(named.map(\.modified).max()!))
            indicator.name = "\(value.kind.rawValue) \(value.value)"
            var description =
                "Recommended for blocking by \(named.map { "\($0.incident.id) revision \($0.incident.revision)" }.joined(separator: ", ")). "
                + "First seen \(STIXTime.seconds(seen.first)), last seen \(STIXTime.seconds(seen.last))."
            if value.recorded != value.value { description += " Recorded as \(value.recorded)." }
            indicator.description = description
            indicator.indicatorTypes = ["malicious-activity"]
            indicator.pattern = STIXPattern.equals(STIXPattern.objectPath(value.kind), value.value)
            indicator.patternType = "stix"
            indicator.patternVersion = "2.1"
            indicator.validFrom = STIXTime.text(seen.first)
            indicator.killChainPhases = Self.phases(named)
            indicator.labels = Self.labels(named)
            indicator.externalReferences = named.map(Self.reference)
            indicators.append(indicator)
        }

        var techniques: [STIXObject] = []
        for technique in Self.unique(all.flatMap(\.incident.attack.techniques), by: \.id) {
            let naming = all.filter { $0.incident.attack.techniques.contains { $0.id == technique.id } }
            var pattern = object(
                "attack-pattern", [technique.id], tlp: tlp(naming),
                created: STIXTime.text(naming.map(\.incident.determinedAt.date).min()!),
                modified: STIXTime.text(naming.map(\.modified).max()!))
            pattern.name = technique.name ?? technique.id
            pattern.description =
                "MITRE ATT&CK \(technique.id), seen in \(naming.map(\.incident.id).joined(separator: ", "))."
            // No URL: the validator asks for a hash of what a URL points to, and the id says it all.
            pattern.externalReferences = [.init(sourceName: "mitre-attack", externalId: technique.id)]
            pattern.killChainPhases = Self.phases(naming)
            techniques.append(pattern)
        }

        let reportID = STIXIdentifier.make("report", scope + [reportKey])
        var notes: [STIXObject] = []
        for mention in all {
            for signature in mention.signatures {
                var note = object(
                    "note", [mention.incident.id, signature.name, signature.id ?? "", signature.product ?? ""],
                    tlp: mention.incident.tlp, created: STIXTime.text(mention.incident.determinedAt.date),
                    modified: STIXTime.text(mention.modified))
                let detail = [signature.id.map { "id \($0)" }, signature.product.map { "product \($0)" }].compactMap {
                    $0
                }
                note.abstract = "Block signature: \(signature.name)"
                note.content =
                    "\(mention.incident.id) recommends blocking the detection (signature) \"\(signature.name)\""
                    + (detail.isEmpty ? "" : " (\(detail.joined(separator: ", ")))") + "."
                note.objectRefs = [reportID]
                note.labels = Self.labels([mention])
                notes.append(note)
            }
        }

        var report = object("report", [reportKey], tlp: reportTLP, created: created, modified: modified)
        report.name = title
        report.description =
            all.count == 1
            ? "Indicators to block from incident \(all[0].incident.id) revision \(all[0].incident.revision)."
            : "Indicators to block from the \(all.count) incidents of \(reportKey) for \(tenant.name)."
        report.reportTypes = ["threat-report"]
        report.published = STIXTime.text(published)
        report.labels = Self.labels(all)
        report.externalReferences = all.map(Self.reference)
        report.objectRefs = [identity] + (indicators + techniques + notes).map(\.id)

        let markings = Set(([soc, report] + indicators + techniques + notes).flatMap { $0.objectMarkingRefs ?? [] })
        let definitions = TLP.allCases.filter { markings.contains($0.markingDefinitionID) }.map(\.markingDefinition)
        let bundle = STIXBundleFile(
            id: STIXIdentifier.make("bundle", scope + [reportKey, version]),
            objects: definitions + [soc, report] + indicators + techniques + notes)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(bundle)) + [0x0A]
    }

    /// The Lockheed Martin kill chain phases the mentions reached, in kill chain order.
    static func phases(_ mentions: [Mention]) -> [STIXObject.KillChainPhase] {
        Set(mentions.map(\.incident.attack.stage)).sorted().map { STIXObject.KillChainPhase(phaseName: $0.rawValue) }
    }

    /// STIX has no property for a severity or socreport's threat types: they go into `labels`.
    static func labels(_ mentions: [Mention]) -> [String] {
        let severities = Set(mentions.map(\.incident.severity)).sorted(by: >).map { "severity:\($0.rawValue)" }
        let threats = Set(mentions.map(\.incident.threatType.rawValue)).sorted().map { "threat-type:\($0)" }
        return severities + threats
    }

    static func reference(_ mention: Mention) -> STIXObject.ExternalReference {
        .init(
            sourceName: "socreport-incident", externalId: mention.incident.id,
            description:
                "revision \(mention.incident.revision), \(mention.incident.severity.rawValue), \(mention.incident.threatType.rawValue)"
        )
    }

    static func unique<T, Key: Hashable>(_ items: [T], by key: KeyPath<T, Key>) -> [T] {
        var seen = Set<Key>()
        return items.filter { seen.insert($0[keyPath: key]).inserted }
    }
}
