import Crypto
import Foundation

/// Deterministic STIX identifiers: "<type>--<UUIDv5>" (RFC 9562 §5.5) of the object's type and the
/// parts that make it what it is, in socreport's own namespace. Exporting the same record again gives
/// the same ids, and an indicator keeps its id from one revision to the next.
enum STIXIdentifier {
    /// socreport's namespace: the UUIDv5 of "https://socreport/indicators" in the RFC's URL namespace (fixed forever).
    static let namespace: [UInt8] = uuid5(namespace: urlNamespace, name: "https://socreport/indicators")

    static func make(_ type: String, _ parts: [String]) -> String {
        // The unit separator cannot occur in an id, so ["a b", "c"] and ["a", "b c"] never collide.
        let bytes = uuid5(namespace: namespace, name: ([type] + parts).joined(separator: "\u{1F}"))
        return "\(type)--\(format(bytes))"
    }

    private static let urlNamespace: [UInt8] = [
        0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
    ]

    static func uuid5(namespace: [UInt8], name: String) -> [UInt8] {
        var bytes = Array(Insecure.SHA1.hash(data: namespace + Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return bytes
    }

    static func format(_ bytes: [UInt8]) -> String {
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            hex[
                hex.index(
                    hex.startIndex, offsetBy: range.lowerBound)..<hex.index(hex.startIndex, offsetBy: range.upperBound)]
        }
        return groups.joined(separator: "-")
    }
}
