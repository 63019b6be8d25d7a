/// The contract's closed vocabularies. Raw values are the JSON strings; case order is the contract's.

/// The four levels an analyst assigns after removing false positives.
///
/// Ordered by how severe: `information < medium < serious < critical`, so `max()` is the most severe;
/// `allCases` runs from most to least severe, as reports list them.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case critical, serious, medium, information

    private var rank: Int {
        switch self {
        case .information: 0
        case .medium: 1
        case .serious: 2
        case .critical: 3
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

public enum ThreatType: String, Sendable, Codable, CaseIterable {
    case malwareInfection = "malware-infection"
    case c2Communication = "c2-communication"
    case targetedAttack = "targeted-attack"
    case phishing
    case exploitAttempt = "exploit-attempt"
    case dataExfiltration = "data-exfiltration"
    case unauthorizedAccess = "unauthorized-access"
    case reconnaissance
    case denialOfService = "denial-of-service"
    case policyViolation = "policy-violation"
    case other
}

/// Attack stage, after the Lockheed Martin Cyber Kill Chain; later stages compare greater.
public enum KillChainStage: String, Sendable, Codable, CaseIterable, Comparable {
    case reconnaissance, weaponization, delivery, exploitation, installation
    case commandAndControl = "command-and-control"
    case actionsOnObjectives = "actions-on-objectives"

    /// 0 for reconnaissance up to 6 for actions on objectives.
    public var ordinal: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: KillChainStage, rhs: KillChainStage) -> Bool { lhs.ordinal < rhs.ordinal }
}

/// Kind of device a log record came from.
public enum LogSource: String, Sendable, Codable, CaseIterable {
    case urlFilter = "url-filter"
    case webAV = "web-av"
    case proxy, ips, ids, firewall, other
}

/// Traffic Light Protocol 2.0 marking, ordered by how restricted: `clear < green < amber <
/// amberStrict < red`, so `max()` is the marking a document showing several must carry.
public enum TLP: String, Sendable, Codable, CaseIterable, Comparable {
    case clear, green, amber
    case amberStrict = "amber+strict"
    case red

    public static func < (lhs: TLP, rhs: TLP) -> Bool { allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)! }
}

public enum LogAction: String, Sendable, Codable, CaseIterable {
    case allowed, blocked, detected, alerted
}

public enum AdvicePriority: String, Sendable, Codable, CaseIterable {
    case high, medium, low
}

public enum Language: String, Sendable, Codable, CaseIterable {
    case ja, en
}
