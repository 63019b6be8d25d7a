import Foundation
import GRDB

/// What an API key may do.
public enum APIScope: String, Sendable, CaseIterable, Codable, DatabaseValueConvertible {
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

extension StoreSchema {
    static func registerAPIKeys(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3: API keys") { db in
            try db.create(table: "apiKey") { t in
                t.primaryKey("name", .text)
                t.column("sha256", .text).notNull().unique()
                // Space-separated scope names.
                t.column("scopes", .text).notNull()
                t.column("createdAt", .text).notNull()
                t.column("revokedAt", .text)
            }
        }
    }
}

extension Store {
    /// Stores a new key. A name in use by a key not revoked is refused; a revoked key's name is reused.
    public func addAPIKey(name: String, sha256: String, scopes: [APIScope]) throws {
        try pool.write { db in
            if let revoked = try Row.fetchOne(db, sql: "SELECT revokedAt FROM apiKey WHERE name = ?", arguments: [name]) {
                guard (revoked["revokedAt"] as String?) != nil else { throw StoreError.duplicateKeyName(name) }
                try db.execute(sql: "DELETE FROM apiKey WHERE name = ?", arguments: [name])
            }
            try db.execute(
                sql: "INSERT INTO apiKey (name, sha256, scopes, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [name, sha256, scopes.map(\.rawValue).joined(separator: " "), Store.now()])
        }
    }

    /// Every key, revoked ones included, by name.
    public func apiKeys() throws -> [APIKeyRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM apiKey ORDER BY name").map { row in
                APIKeyRecord(name: row["name"], sha256: row["sha256"],
                             scopes: (row["scopes"] as String).split(separator: " ").compactMap { APIScope(rawValue: String($0)) },
                             createdAt: row["createdAt"], revokedAt: row["revokedAt"])
            }
        }
    }

    /// The keys that still open the API.
    public func activeAPIKeys() throws -> [APIKeyRecord] {
        try apiKeys().filter { $0.revokedAt == nil }
    }

    /// Revokes the key; false when no active key has that name.
    public func revokeAPIKey(name: String) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE apiKey SET revokedAt = ? WHERE name = ? AND revokedAt IS NULL", arguments: [Store.now(), name])
            return db.changesCount == 1
        }
    }

    /// Answers a trivial query: the store is open and readable.
    public func ping() throws {
        _ = try pool.read { try Int.fetchOne($0, sql: "SELECT 1") }
    }
}
