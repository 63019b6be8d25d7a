import Foundation

/// What a staff member may do in the workbench: a lead can do everything an analyst can, and approve.
public enum StaffRole: String, Sendable, CaseIterable, SQLArgument {
    case analyst, lead
}

/// A portal user: a customer of one tenant, or staff (`tenantID == nil`) who see every tenant.
public struct PortalUser: Sendable, Equatable {
    public var id: Int64
    public var email: String
    public var name: String
    public var tenantID: String?
    /// Staff only; customers have none.
    public var role: StaffRole?
    public var disabled: Bool
    public var isStaff: Bool { tenantID == nil }
    public var isLead: Bool { isStaff && role == .lead }

    /// Whether this user may see `tenantID`'s pages and files.
    public func maySee(tenantID other: String) -> Bool { tenantID == nil || tenantID == other }

    init(row: SQLRow) throws {
        id = try row.get("id"); email = try row.get("email"); name = try row.get("name")
        tenantID = try row.get("tenantId"); disabled = try row.get("disabled")
        role = try row.get("role", as: String?.self).map { try StaffRole(rawValue: $0).orDamaged("staff role") }
    }
}

public enum PortalUserError: Error, CustomStringConvertible, Equatable {
    case duplicate(String)
    case unknown(String)
    /// Roles are for staff: a customer has none.
    case customerRole(String)

    public var description: String {
        switch self {
        case .duplicate(let email): "a user with the address \(email) already exists"
        case .unknown(let email): "no user has the address \(email)"
        case .customerRole(let email): "\(email) is a customer; only staff have a role"
        }
    }
}

extension Store {
    /// Adds a user; `passwordHash` is a bcrypt hash, never the password. Staff are analysts unless
    /// `role` says otherwise; a customer cannot have a role.
    @discardableResult
    public func addUser(email: String, name: String, tenantID: String?, role: StaffRole? = nil, passwordHash: String)
        async throws -> PortalUser
    {
        if tenantID != nil, role != nil { throw PortalUserError.customerRole(email) }
        let role = tenantID == nil ? role ?? .analyst : nil
        return try await database.write { [self] db in
            if let tenantID, try tenant(tenantID, db) == nil { throw StoreError.unknownTenant(tenantID) }
            if try db.row("SELECT 1 FROM portalUser WHERE \(Self.sameEmail)", [email]) != nil {
                throw PortalUserError.duplicate(email)
            }
            let rows = try db.rows(
                """
                INSERT INTO portalUser (email, name, tenantId, role, passwordHash, createdAt) VALUES (?, ?, ?, ?, ?, ?) RETURNING *
                """, [email, name, tenantID, role, passwordHash, Self.now()])
            return try PortalUser(row: rows[0])
        }
    }

    /// Every user, by address whatever its case.
    public func users() async throws -> [PortalUser] {
        try await database.read {
            try $0.rows("SELECT * FROM portalUser ORDER BY lower(email), email", []).map(PortalUser.init)
        }
    }

    /// The user with `email` (case-insensitive) and their password hash.
    public func user(email: String) async throws -> (user: PortalUser, passwordHash: String)? {
        try await database.read { db in
            try db.row("SELECT * FROM portalUser WHERE \(Self.sameEmail)", [email]).map {
                (try PortalUser(row: $0), try $0.get("passwordHash"))
            }
        }
    }

    /// Gives a staff member `role`; their sessions see it at their next request.
    public func setRole(email: String, _ role: StaffRole) async throws {
        try await database.write { [self] db in
            let id = try userID(email, db)
            guard try db.execute("UPDATE portalUser SET role = ? WHERE id = ? AND tenantId IS NULL", [role, id]) == 1
            else {
                throw PortalUserError.customerRole(email)
            }
        }
    }

    /// Disables a user and ends their sessions at once.
    public func disableUser(email: String) async throws {
        try await database.write { [self] db in
            let id = try userID(email, db)
            try db.execute("UPDATE portalUser SET disabled = TRUE WHERE id = ?", [id])
            try db.execute("DELETE FROM portalSession WHERE userId = ?", [id])
        }
    }

    /// Replaces a user's password hash and ends their other sessions (all of them when `keeping` is nil).
    public func setPasswordHash(email: String, _ hash: String, keepingSession keeping: String? = nil) async throws {
        try await database.write { [self] db in
            let id = try userID(email, db)
            try db.execute("UPDATE portalUser SET passwordHash = ? WHERE id = ?", [hash, id])
            if let keeping {
                try db.execute("DELETE FROM portalSession WHERE userId = ? AND idHash <> ?", [id, keeping])
            } else {
                try db.execute("DELETE FROM portalSession WHERE userId = ?", [id])
            }
        }
    }

    /// Addresses match whatever their case (ASCII, as SQLite's NOCASE column).
    private static let sameEmail = "lower(email) = lower(?)"

    private func userID(_ email: String, _ db: any SQLConnection) throws -> Int64 {
        guard let id = try db.value("SELECT id FROM portalUser WHERE \(Self.sameEmail)", [email], as: Int64.self) else {
            throw PortalUserError.unknown(email)
        }
        return id
    }
}
