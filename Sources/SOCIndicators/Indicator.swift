import SOCModel

/// One value to block, in the form machines load (never defanged).
public struct Indicator: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case domain, url, ipv4, ipv6

        /// The blocklist the value goes into: IPv4 and IPv6 share one.
        public var blocklist: Blocklist {
            switch self {
            case .domain: .domains
            case .url: .urls
            case .ipv4, .ipv6: .ips
            }
        }

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var kind: Kind
    /// A domain's A-labels, a URL's wire form, an address or CIDR block in canonical text.
    public var value: String
    /// As the record wrote it (a domain's U-labels), for people.
    public var recorded: String

    /// What makes two indicators the same: kind and machine value.
    var key: String { "\(kind.rawValue) \(value)" }
}

/// A value that is not exported, and where the record has it.
public struct IndicatorProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    init(_ message: String, path: String = "$") {
        self.message = message
        self.path = path
    }

    public var description: String { "\(path): \(message)" }
}

/// The three plain blocklists firewalls and proxies import, one value a line.
public enum Blocklist: String, Sendable, CaseIterable {
    case domains, urls, ips

    public var fileName: String { "\(rawValue).txt" }
}
