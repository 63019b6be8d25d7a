import Foundation
import HTTPTypes
import Hummingbird

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 network ("10.0.0.0/8", "fd00::/8"), or one address.
public struct IPNetwork: Sendable, Equatable, CustomStringConvertible {
    private let bytes: [UInt8]
    private let prefix: Int
    public let description: String

    /// nil when `text` is not an address, optionally with a prefix length its family allows.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = Self.bytes(String(parts[0])) else { return nil }
        let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
        guard let prefix, (0...bytes.count * 8).contains(prefix) else { return nil }
        self.bytes = bytes; self.prefix = prefix; description = text
    }

    func contains(_ address: [UInt8]) -> Bool {
        guard address.count == bytes.count else { return false }
        let whole = prefix / 8, rest = prefix % 8
        guard address[..<whole] == bytes[..<whole] else { return false }
        guard rest > 0 else { return true }
        let mask = UInt8(0xFF) << (8 - rest)
        return address[whole] & mask == bytes[whole] & mask
    }

    /// The address's bytes: 4 for IPv4, and for an IPv4-mapped IPv6 address ("::ffff:10.0.0.1") too, 16 otherwise.
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        return bytes[..<12] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF][...] ? Array(bytes[12...]) : bytes
    }
}

/// Who a request comes from. The TCP peer, unless the peer is a trusted proxy: then `X-Forwarded-For`
/// is read from the right, each proxy having appended the address it received from, and the first
/// address that is not itself a trusted proxy is the client. Entries further left are the client's own
/// word and never believed, so a client cannot pose as another by sending the header itself.
public struct ClientAddress: Sendable {
    public var trustedProxies: [IPNetwork]

    public init(trustedProxies: [IPNetwork]) { self.trustedProxies = trustedProxies }

    func client(_ request: Request, peer: String?) -> String {
        guard var client = peer else { return "unknown" }
        let forwarded = request.headers[values: .xForwardedFor].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in forwarded.reversed() {
            guard isTrusted(client), Self.isAddress(hop) else { break }
            client = hop
        }
        return client
    }

    private func isTrusted(_ address: String) -> Bool {
        guard let bytes = IPNetwork.bytes(address) else { return false }
        return trustedProxies.contains { $0.contains(bytes) }
    }

    private static func isAddress(_ text: String) -> Bool { IPNetwork.bytes(text) != nil }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}
