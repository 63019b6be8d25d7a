import Foundation

/// What an API key may do.
public enum APIScope: String, Sendable, CaseIterable, Codable {
    /// Store contract documents.
    case ingest
    /// Publish incidents and start monthly runs.
    case publish
    /// List and fetch portal entries.
    case read
    /// Publish an incident for a tenant the store has never seen, creating it from the incident.
    case tenants
    /// Poll the TAXII 2.1 feeds of STIX objects.
    case taxii
    /// Create drafts of incident reports for analysts to finish in the workbench.
    case draft

    /// What a key limited to one tenant may hold: reading only, never storing or publishing.
    public static let tenantScopes: Set<APIScope> = [.read, .taxii]
}

/// An API key as the store keeps it: never the token, only its SHA-256.
public struct APIKeyRecord: Sendable, Equatable {
    public var name: String
    public var sha256: String
    public var scopes: [APIScope]
    /// The one tenant the key sees; nil for an operator's key, which sees every tenant.
    public var tenantID: String?
    /// Whether the key is served objects marked TLP:RED.
    public var allowRed: Bool
    public var createdAt: String
    public var revokedAt: String?

    public init(
        name: String, sha256: String, scopes: [APIScope], tenantID: String? = nil, allowRed: Bool = false,
        createdAt: String, revokedAt: String? = nil
    ) {
        self.name = name
        self.sha256 = sha256
        self.scopes = scopes
        self.tenantID = tenantID
        self.allowRed = allowRed
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// Whether the key may see `tenant`'s data: a tenant's key sees its own tenant only.
    public func sees(tenant: String) -> Bool {
        tenantID == nil || tenantID == tenant
    }
}

extension Store {
    /// Stores a new key. A name in use by a key not revoked is refused; a revoked key's name is reused.
    /// A key for one tenant needs the tenant in the store and may only read (`APIScope.tenantScopes`).
    public func addAPIKey(
        name: String, sha256: String, scopes: [APIScope], tenantID: String? = nil, allowRed: Bool = false
    ) async throws {
        if tenantID != nil {
            let writing = scopes.filter { !APIScope.tenantScopes.contains($0) }
            guard writing.isEmpty else { throw StoreError.tenantKeyScope(writing.map(\.rawValue)) }
        }
        try await database.write { db in
            if let tenantID, try db.value("SELECT id FROM tenant WHERE id = ?", [tenantID], as: String.self) == nil {
                throw StoreError.unknownTenant(tenantID)
            }
            if let existing = try db.row("SELECT revokedAt FROM apiKey WHERE name = ?", [name]) {
                guard try existing.get("revokedAt", as: String?.self) != nil else {
                    throw StoreError.duplicateKeyName(name)
                }
                try db.execute("DELETE FROM apiKey WHERE name = ?", [name])
            }
            // Scopes are kept space-separated.
            // A literal, as SQLite has no boolean to bind and PostgreSQL takes no integer for one.
            try db.execute(
                "INSERT INTO apiKey (name, sha256, scopes, tenantId, allowRed, createdAt) VALUES (?, ?, ?, ?, \(allowRed ? "TRUE" : "FALSE"), ?)",
                [name, sha256, scopes.map(\.rawValue).joined(separator: " "), tenantID, Store.now()])
        }
    }

    /// Every key, revoked ones included, by name.
    public func apiKeys() async throws -> [APIKeyRecord] {
        try await database.read { db in
            try db.rows("SELECT * FROM apiKey ORDER BY name", []).map { row in
                APIKeyRecord(
                    name: try row.get("name"), sha256: try row.get("sha256"),
                    scopes: try row.get("scopes", as: String.self).split(separator: " ").compactMap {
                        APIScope(rawValue: String($0))
                    },
                    tenantID: try row.get("tenantId"), allowRed: try row.get("allowRed"),
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
            try db.execute("UPDATE apiKey SET revokedAt = ? WHERE name = ? AND revokedAt IS NULL", [Store.now(), name])
                == 1
        }
    }
}
