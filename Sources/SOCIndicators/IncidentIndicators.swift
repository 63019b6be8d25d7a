import Foundation
import SOCModel

/// What one incident revision tells the customer to block, deduplicated, in the record's order.
public struct IncidentIndicators: Sendable {
    public let incident: Incident
    public let indicators: [Indicator]
    /// Signatures to block, deduplicated.
    public let signatures: [Signature]
    /// Values that cannot be loaded into a blocklist (e.g. a "domain" with a space), left out.
    public let problems: [IndicatorProblem]

    public init(_ incident: Incident) {
        self.incident = incident
        let r = incident.recommendations
        var indicators: [Indicator] = [], problems: [IndicatorProblem] = [], seen = Set<String>()
        func add(_ indicator: Indicator) {
            if seen.insert(indicator.key).inserted { indicators.append(indicator) }
        }
        for (i, domain) in r.blockDomains.enumerated() {
            switch DomainName.asciiForm(domain) {
            case .success(let ascii): add(Indicator(kind: .domain, value: ascii, recorded: domain))
            case .failure(let problem):
                problems.append(IndicatorProblem(problem.message, path: "$.recommendations.blockDomains[\(i)]"))
            }
        }
        for url in r.blockUrls {
            add(Indicator(kind: .url, value: URLText.wireForm(url), recorded: url))
        }
        for (i, ip) in r.blockIps.enumerated() {
            guard let (family, canonical) = IPAddress.canonicalNetwork(ip) else {
                problems.append(
                    IndicatorProblem(
                        "\(quoted(ip)) is not an IP address or CIDR block", path: "$.recommendations.blockIps[\(i)]"))
                continue
            }
            add(Indicator(kind: family == .v4 ? .ipv4 : .ipv6, value: canonical, recorded: ip))
        }
        var signatures: [Signature] = []
        for signature in r.blockSignatures where !signatures.contains(signature) { signatures.append(signature) }
        self.indicators = indicators
        self.signatures = signatures
        self.problems = problems
    }

    /// When the activity began.
    public var firstSeen: Date { incident.analysis.occurredAt.date }
    /// When it was last seen; the determination when the record does not say.
    public var lastSeen: Date { (incident.analysis.lastSeenAt ?? incident.determinedAt).date }
}
