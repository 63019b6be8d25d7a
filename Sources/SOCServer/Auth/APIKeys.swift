import Crypto
import Foundation
import SOCPortal
import SOCStore

/// API keys: random bearer tokens of which the store keeps only the SHA-256. A 256-bit random token
/// cannot be guessed, so a fast hash is enough (a slow password hash protects low-entropy secrets).
public enum APIKeys {
    /// Tokens start with this, so a leaked one is recognisable (secret scanners, logs).
    public static let tokenPrefix = "socr_"

    /// Creates a key and returns its token, which exists nowhere else afterwards. A key for one tenant
    /// (`tenantID`) sees that tenant only and only reads; TLP:RED objects are served only to keys that `allowRed`.
    public static func create(in store: Store, name: String, scopes: [APIScope], tenantID: String? = nil, allowRed: Bool = false) async throws -> String {
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw APIKeyError("the key name \"\(name)\" must be 1–64 letters, digits, '-', '_' or '.'")
        }
        guard !scopes.isEmpty else { throw APIKeyError("a key needs at least one scope (\(APIScope.allCases.map(\.rawValue).joined(separator: ", ")))") }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = tokenPrefix + ContentDigest.hex(secret)
        try await store.addAPIKey(name: name, sha256: digest(token), scopes: scopes, tenantID: tenantID, allowRed: allowRed)
        return token
    }

    /// The active key whose token this is, if any. Every active key's digest is compared in full, in
    /// constant time, so the answer's timing says nothing about how much of a guess was right.
    public static func authenticate(_ token: String, in store: Store) async throws -> APIKeyRecord? {
        let presented = Array(digest(token).utf8)
        var match: APIKeyRecord?
        for key in try await store.activeAPIKeys() where constantTimeEqual(Array(key.sha256.utf8), presented) {
            match = key
        }
        return match
    }

    static func digest(_ token: String) -> String {
        ContentDigest.hex(SHA256.hash(data: Array(token.utf8)))
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}

public struct APIKeyError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
