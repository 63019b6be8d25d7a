#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// IP address syntax for the semantic checks, by the system's `inet_pton`: dotted-quad IPv4
/// (no leading zeros, no shorthand like "10.1") and every RFC 4291 form of IPv6.
package enum IPAddress {
    package enum Family: Sendable {
        case v4, v6

        var maxPrefixLength: Int { self == .v4 ? 32 : 128 }
    }

    static func family(of text: String) -> Family? {
        var storage = (UInt64(0), UInt64(0)) // room for an in6_addr
        return withUnsafeMutableBytes(of: &storage) { buffer in
            if inet_pton(AF_INET, text, buffer.baseAddress) == 1 { return .v4 }
            if inet_pton(AF_INET6, text, buffer.baseAddress) == 1 { return .v6 }
            return nil
        }
    }

    /// A valid address or CIDR block in the system's canonical text (`inet_ntop`: IPv6 lower-case and
    /// compressed, so "2001:DB8:0::1" and "2001:db8::1" are one indicator), with its family; nil when invalid.
    package static func canonicalNetwork(_ text: String) -> (family: Family, text: String)? {
        guard problemWithNetwork(text) == nil else { return nil }
        let parts = text.split(separator: "/", maxSplits: 1)
        var storage = (UInt64(0), UInt64(0))
        var output = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let address: (Family, String)? = withUnsafeMutableBytes(of: &storage) { buffer in
            for (family, code) in [(Family.v4, AF_INET), (.v6, AF_INET6)]
            where inet_pton(code, String(parts[0]), buffer.baseAddress) == 1 {
                guard inet_ntop(code, buffer.baseAddress, &output, socklen_t(output.count)) != nil else { return nil }
                return (
                    family, String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                )
            }
            return nil
        }
        guard let (family, canonical) = address else { return nil }
        return (family, parts.count == 2 ? "\(canonical)/\(Int(parts[1])!)" : canonical)
    }

    /// Why `text` is not an address or a CIDR block ("10.0.0.0/8", "2001:db8::/32"), or nil when it is one.
    static func problemWithNetwork(_ text: String) -> Problem.Kind? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let family = family(of: String(parts[0])) else {
            return .network(value: text)
        }
        guard parts.count == 2 else { return nil }
        let prefix = parts[1]
        guard !prefix.isEmpty, prefix.count <= 3,
            prefix.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let length = Int(prefix)
        else { return .prefix(value: text) }
        guard length <= family.maxPrefixLength else {
            return .prefixTooLong(
                value: text, length: length, family: family == .v4 ? "IPv4" : "IPv6", maximum: family.maxPrefixLength)
        }
        return nil
    }
}
