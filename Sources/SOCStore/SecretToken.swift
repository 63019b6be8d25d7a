import Crypto

/// The secrets a client holds and the store keeps only as a SHA-256: session ids, CSRF tokens, API keys.
/// 256 random bits cannot be guessed, so a fast hash is enough (a slow password hash protects
/// low-entropy secrets), and a copy of the store lets no one in. How they are made, hashed and compared,
/// in one place.
public enum SecretToken {
    /// 256 bits of the system's secure generator as 64 lowercase hex digits: safe in a cookie, a form
    /// field and a header as it is.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return hex((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// What the store keeps of `token`: its SHA-256 as 64 lowercase hex digits.
    public static func hash(_ token: String) -> String {
        hex(SHA256.hash(data: Array(token.utf8)))
    }

    /// Whether `presented` is `expected`, in a time that depends on their lengths only, not on where
    /// they differ. Nothing matches an empty or missing token.
    public static func matches(_ presented: String?, _ expected: String) -> Bool {
        guard let presented, !expected.isEmpty, presented.utf8.count == expected.utf8.count else { return false }
        return zip(presented.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// HMAC-SHA256 of `body` under `secret`, as 64 lowercase hex digits: the signature a webhook's receiver
    /// recomputes to know the body came from here, unaltered.
    public static func signature(_ body: [UInt8], secret: String) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8))))
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] }, as: UTF8.self)
    }
}
