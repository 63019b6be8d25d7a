import Foundation
import GRDB

/// The portal's tables: users, their sessions, and recent failed sign-ins. One migration, kept here.
enum PortalAccountsSchema {
    static func create(_ db: Database) throws {
        try db.create(table: "portalUser") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("email", .text).notNull().unique().collate(.nocase)
            t.column("name", .text).notNull()
            // NULL for staff, who see every tenant.
            t.column("tenantId", .text).references("tenant")
            t.column("passwordHash", .text).notNull()
            t.column("disabled", .boolean).notNull().defaults(to: false)
            t.column("createdAt", .text).notNull()
        }
        try db.create(table: "portalSession") { t in
            // SHA-256 of the cookie's random id: a copy of the store does not sign anyone in.
            t.primaryKey("idHash", .text)
            t.column("userId", .integer).notNull().references("portalUser", onDelete: .cascade)
            t.column("csrfToken", .text).notNull()
            t.column("expiresEpoch", .double).notNull()
            t.column("createdAt", .text).notNull()
        }
        try db.create(table: "signinFailure") { t in
            // "email:…" or "client:…"; one row per failed attempt.
            t.column("key", .text).notNull()
            t.column("epoch", .double).notNull()
        }
        try db.create(index: "signinFailure_by_key", on: "signinFailure", columns: ["key", "epoch"])
    }
}

/// A portal user: a customer of one tenant, or staff (`tenantID == nil`) who see every tenant.
public struct PortalUser: Sendable, Equatable {
    public var id: Int64
    public var email: String
    public var name: String
    public var tenantID: String?
    public var disabled: Bool
    public var isStaff: Bool { tenantID == nil }

    /// Whether this user may see `tenantID`'s pages and files.
    public func maySee(tenantID other: String) -> Bool { tenantID == nil || tenantID == other }

    init(row: Row) {
        id = row["id"]; email = row["email"]; name = row["name"]; tenantID = row["tenantId"]; disabled = row["disabled"]
    }
}

public enum PortalUserError: Error, CustomStringConvertible, Equatable {
    case duplicate(String)
    case unknown(String)

    public var description: String {
        switch self {
        case .duplicate(let email): "a user with the address \(email) already exists"
        case .unknown(let email): "no user has the address \(email)"
        }
    }
}

extension Store {
    /// Adds a user; `passwordHash` is a bcrypt hash, never the password.
    @discardableResult
    public func addUser(email: String, name: String, tenantID: String?, passwordHash: String) throws -> PortalUser {
        try pool.write { db in
            if let tenantID, try tenant(tenantID, db) == nil { throw StoreError.unknownTenant(tenantID) }
            if try Row.fetchOne(db, sql: "SELECT 1 FROM portalUser WHERE email = ?", arguments: [email]) != nil {
                throw PortalUserError.duplicate(email)
            }
            try db.execute(sql: """
                INSERT INTO portalUser (email, name, tenantId, passwordHash, createdAt) VALUES (?, ?, ?, ?, ?)
                """, arguments: [email, name, tenantID, passwordHash, Self.now()])
            return PortalUser(row: try Row.fetchOne(db, sql: "SELECT * FROM portalUser WHERE id = ?", arguments: [db.lastInsertedRowID])!)
        }
    }

    /// Every user, by address.
    public func users() throws -> [PortalUser] {
        try pool.read { try Row.fetchAll($0, sql: "SELECT * FROM portalUser ORDER BY email").map(PortalUser.init) }
    }

    /// The user with `email` (case-insensitive) and their password hash.
    public func user(email: String) throws -> (user: PortalUser, passwordHash: String)? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM portalUser WHERE email = ?", arguments: [email]).map { ($0.user, $0["passwordHash"]) }
        }
    }

    /// Disables a user and ends their sessions at once.
    public func disableUser(email: String) throws {
        try pool.write { db in
            let id = try userID(email, db)
            try db.execute(sql: "UPDATE portalUser SET disabled = 1 WHERE id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM portalSession WHERE userId = ?", arguments: [id])
        }
    }

    /// Replaces a user's password hash and ends their other sessions (all of them when `keeping` is nil).
    public func setPasswordHash(email: String, _ hash: String, keepingSession keeping: String? = nil) throws {
        try pool.write { db in
            let id = try userID(email, db)
            try db.execute(sql: "UPDATE portalUser SET passwordHash = ? WHERE id = ?", arguments: [hash, id])
            try db.execute(sql: "DELETE FROM portalSession WHERE userId = ? AND idHash IS NOT ?", arguments: [id, keeping])
        }
    }

    private func userID(_ email: String, _ db: Database) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM portalUser WHERE email = ?", arguments: [email]) else {
            throw PortalUserError.unknown(email)
        }
        return id
    }
}

extension Row {
    fileprivate var user: PortalUser { PortalUser(row: self) }
}
