import Foundation
import SOCModel

/// A signed-in session as the store holds it: found by the hash of its cookie id.
public struct PortalSession: Sendable, Equatable {
    public var idHash: String
    public var user: PortalUser
    /// A customer's tenant, read with the session (nil for staff): pages need it on every request.
    public var tenant: Tenant?
    public var csrfToken: String
    public var expiresEpoch: Double
}

extension Store {
    /// Starts a session; ends `replacing` (the browser's previous one), and drops every expired session on the way.
    public func createSession(
        idHash: String, userID: Int64, csrfToken: String, expiresEpoch: Double,
        replacing: String? = nil, now: Double = Date().timeIntervalSince1970
    ) async throws {
        try await database.write { db in
            try db.execute("DELETE FROM portalSession WHERE idHash = ? OR expiresEpoch <= ?", [replacing, now])
            try db.execute(
                """
                INSERT INTO portalSession (idHash, userId, csrfToken, expiresEpoch, createdAt) VALUES (?, ?, ?, ?, ?)
                """, [idHash, userID, csrfToken, expiresEpoch, Self.now()])
        }
    }

    /// The live session with `idHash`: not expired, and its user not disabled (checked on every request,
    /// so disabling a user ends their sessions at once). A customer's tenant comes in the same query.
    public func session(idHash: String, now: Double) async throws -> PortalSession? {
        try await database.read { [self] db in
            try db.rows(
                kept: """
                    SELECT s.idHash, s.csrfToken, s.expiresEpoch, u.*, t.document AS tenantDocument
                    FROM portalSession s JOIN portalUser u ON u.id = s.userId LEFT JOIN tenant t ON t.id = u.tenantId
                    WHERE s.idHash = ? AND s.expiresEpoch > ? AND NOT u.disabled
                    """, [idHash, now]
            ).first.map { row in
                let user = try PortalUser(row: row)
                return PortalSession(
                    idHash: try row.get("idHash"), user: user,
                    tenant: try row.get("tenantDocument", as: String?.self).map {
                        try decode(Tenant.self, $0, what: "Tenant (\(user.tenantID ?? ""))")
                    },
                    csrfToken: try row.get("csrfToken"), expiresEpoch: try row.get("expiresEpoch"))
            }
        }
    }

    /// Ends a session, and drops every expired one on the way.
    public func deleteSession(idHash: String, now: Double) async throws {
        try await database.write { db in
            try db.execute("DELETE FROM portalSession WHERE idHash = ? OR expiresEpoch <= ?", [idHash, now])
        }
    }
}
