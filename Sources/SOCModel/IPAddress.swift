#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// IP address syntax for the semantic checks, by the system's `inet_pton`: dotted-quad IPv4
/// (no leading zeros, no shorthand like "10.1") and every RFC 4291 form of IPv6.
enum IPAddress {
    enum Family {
        case v4, v6

        var maxPrefixLength: Int { self == .v4 ? 32 : 128 }
    }

    static func family(of text: String) -> Family? {
        var storage = (UInt64(0), UInt64(0))  // room for an in6_addr
        return withUnsafeMutableBytes(of: &storage) { buffer in
            if inet_pton(AF_INET, text, buffer.baseAddress) == 1 { return .v4 }
            if inet_pton(AF_INET6, text, buffer.baseAddress) == 1 { return .v6 }
            return nil
        }
    }

    /// Why `text` is not an address or a CIDR block ("10.0.0.0/8", "2001:db8::/32"), or nil when it is one.
    static func problemWithNetwork(_ text: String) -> String? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let family = family(of: String(parts[0])) else {
            return "\(quoted(text)) is not an IPv4 or IPv6 address or CIDR block"
        }
        guard parts.count == 2 else { return nil }
        let prefix = parts[1]
        guard !prefix.isEmpty, prefix.count <= 3,
              prefix.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let length = Int(prefix)
        else { return "\(quoted(text)) has no valid prefix length after the '/'" }
        guard length <= family.maxPrefixLength else {
            let name = family == .v4 ? "IPv4" : "IPv6"
            let maximum = family.maxPrefixLength
            return "\(quoted(text)) has the prefix length \(length), above the \(name) maximum \(maximum)"
        }
        return nil
    }
}
