import Foundation
import SOCStore

/// API keys: bearer tokens (a `SecretToken` after a recognisable prefix) of which the store keeps only the hash.
public enum APIKeys {
    /// Tokens start with this, so a leaked one is recognisable (secret scanners, logs).
    public static let tokenPrefix = "socr_"

    /// Creates a key and returns its token, which exists nowhere else afterwards. A key for one tenant
    /// (`tenantID`) sees that tenant only and only reads; TLP:RED objects are served only to keys that `allowRed`.
    public static func create(
        in store: Store, name: String, scopes: [APIScope], tenantID: String? = nil, allowRed: Bool = false
    ) async throws -> String {
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) })
        else {
            throw APIKeyError("the key name \"\(name)\" must be 1–64 letters, digits, '-', '_' or '.'")
        }
        guard !scopes.isEmpty else {
            throw APIKeyError(
                "a key needs at least one scope (\(APIScope.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let token = tokenPrefix + SecretToken.generate()
        try await store.addAPIKey(
            name: name, sha256: SecretToken.hash(token), scopes: scopes, tenantID: tenantID, allowRed: allowRed)
        return token
    }

    /// The active key whose token this is, if any. Every active key's digest is compared in full, in
    /// constant time, so the answer's timing says nothing about how much of a guess was right.
    public static func authenticate(_ token: String, in store: Store) async throws -> APIKeyRecord? {
        let presented = SecretToken.hash(token)
        var match: APIKeyRecord?
        for key in try await store.activeAPIKeys() where SecretToken.matches(presented, key.sha256) {
            match = key
        }
        return match
    }
}

public struct APIKeyError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
