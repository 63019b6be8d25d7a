import Foundation

/// What an API key may do.
public enum APIScope: String, Sendable, CaseIterable, Codable {
    /// Store contract documents.
    case ingest
    /// Publish incidents and start monthly runs.
    case publish
    /// List and fetch portal entries.
    case read
}

/// An API key as the store keeps it: never the token, only its SHA-256.
public struct APIKeyRecord: Sendable, Equatable {
    public var name: String
    public var sha256: String
    public var scopes: [APIScope]
    public var createdAt: String
    public var revokedAt: String?

    public init(name: String, sha256: String, scopes: [APIScope], createdAt: String, revokedAt: String? = nil) {
        self.name = name
        self.sha256 = sha256
        self.scopes = scopes
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

extension Store {
    /// Stores a new key. A name in use by a key not revoked is refused; a revoked key's name is reused.
    public func addAPIKey(name: String, sha256: String, scopes: [APIScope]) async throws {
        try await database.write { db in
            if let existing = try db.row("SELECT revokedAt FROM apiKey WHERE name = ?", [name]) {
                guard try existing.get("revokedAt", as: String?.self) != nil else { throw StoreError.duplicateKeyName(name) }
                try db.execute("DELETE FROM apiKey WHERE name = ?", [name])
            }
            // Scopes are kept space-separated.
            try db.execute("INSERT INTO apiKey (name, sha256, scopes, createdAt) VALUES (?, ?, ?, ?)",
                           [name, sha256, scopes.map(\.rawValue).joined(separator: " "), Store.now()])
        }
    }

    /// Every key, revoked ones included, by name.
    public func apiKeys() async throws -> [APIKeyRecord] {
        try await database.read { db in
            try db.rows("SELECT * FROM apiKey ORDER BY name", []).map { row in
                APIKeyRecord(name: try row.get("name"), sha256: try row.get("sha256"),
                             scopes: try row.get("scopes", as: String.self).split(separator: " ").compactMap { APIScope(rawValue: String($0)) },
                             createdAt: try row.get("createdAt"), revokedAt: try row.get("revokedAt"))
            }
        }
    }

    /// The keys that still open the API.
    public func activeAPIKeys() async throws -> [APIKeyRecord] {
        try await apiKeys().filter { $0.revokedAt == nil }
    }

    /// Revokes the key; false when no active key has that name.
    public func revokeAPIKey(name: String) async throws -> Bool {
        try await database.write { db in
            try db.execute("UPDATE apiKey SET revokedAt = ? WHERE name = ? AND revokedAt IS NULL", [Store.now(), name]) == 1
        }
    }
}
