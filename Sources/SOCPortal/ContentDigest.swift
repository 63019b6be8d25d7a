import Crypto
import Foundation

/// The SHA-256 digests the manifest and the store record, as 64 lowercase hex digits. Hashing is
/// swift-crypto's; this only spells its digests the way `index.json` and the store keep them.
public enum ContentDigest {
    /// The SHA-256 digest of `bytes` as 64 lowercase hex digits.
    public static func sha256Hex(_ bytes: some DataProtocol) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// A digest (or any bytes) as lowercase hex digits, two a byte.
    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(digest.underestimatedCount * 2)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
