import Foundation

/// A signed-in session as the store holds it: found by the hash of its cookie id.
public struct PortalSession: Sendable, Equatable {
    public var idHash: String
    public var user: PortalUser
    public var csrfToken: String
    public var expiresEpoch: Double
}

extension Store {
    public func createSession(idHash: String, userID: Int64, csrfToken: String, expiresEpoch: Double) async throws {
        try await database.write { db in
            try db.execute("""
                INSERT INTO portalSession (idHash, userId, csrfToken, expiresEpoch, createdAt) VALUES (?, ?, ?, ?, ?)
                """, [idHash, userID, csrfToken, expiresEpoch, Self.now()])
        }
    }

    /// The live session with `idHash`: not expired, and its user not disabled (checked on every request,
    /// so disabling a user ends their sessions at once).
    public func session(idHash: String, now: Double) async throws -> PortalSession? {
        try await database.read { db in
            try db.row("""
                SELECT s.idHash, s.csrfToken, s.expiresEpoch, u.* FROM portalSession s JOIN portalUser u ON u.id = s.userId
                WHERE s.idHash = ? AND s.expiresEpoch > ? AND NOT u.disabled
                """, [idHash, now]).map { row in
                PortalSession(idHash: try row.get("idHash"), user: try PortalUser(row: row), csrfToken: try row.get("csrfToken"),
                              expiresEpoch: try row.get("expiresEpoch"))
            }
        }
    }

    /// Ends a session, and drops every expired one on the way.
    public func deleteSession(idHash: String, now: Double) async throws {
        try await database.write { db in
            try db.execute("DELETE FROM portalSession WHERE idHash = ? OR expiresEpoch <= ?", [idHash, now])
        }
    }

    /// Records one failed sign-in under each key (the address and the client), dropping rows older than `keepSince`.
    public func recordSigninFailure(keys: [String], at epoch: Double, keepSince: Double) async throws {
        try await database.write { db in
            try db.execute("DELETE FROM signinFailure WHERE epoch < ?", [keepSince])
            for key in keys {
                try db.execute("INSERT INTO signinFailure (key, epoch) VALUES (?, ?)", [key, epoch])
            }
        }
    }

    /// Failures under any of `keys` since `since`: per key, how many and the oldest one's time.
    public func signinFailures(keys: [String], since: Double) async throws -> [(key: String, count: Int, oldest: Double)] {
        try await database.snapshot { db in
            try keys.compactMap { key in
                let row = try db.row("SELECT COUNT(*) AS n, MIN(epoch) AS oldest FROM signinFailure WHERE key = ? AND epoch >= ?", [key, since])
                guard let row, case let count = try row.get("n", as: Int.self), count > 0 else { return nil }
                return (key, count, try row.get("oldest"))
            }
        }
    }
}
