import Foundation
import GRDB

/// A signed-in session as the store holds it: found by the hash of its cookie id.
public struct PortalSession: Sendable, Equatable {
    public var idHash: String
    public var user: PortalUser
    public var csrfToken: String
    public var expiresEpoch: Double
}

extension Store {
    public func createSession(idHash: String, userID: Int64, csrfToken: String, expiresEpoch: Double) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO portalSession (idHash, userId, csrfToken, expiresEpoch, createdAt) VALUES (?, ?, ?, ?, ?)
                """, arguments: [idHash, userID, csrfToken, expiresEpoch, Self.now()])
        }
    }

    /// The live session with `idHash`: not expired, and its user not disabled (checked on every request,
    /// so disabling a user ends their sessions at once).
    public func session(idHash: String, now: Double) throws -> PortalSession? {
        try pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT s.idHash, s.csrfToken, s.expiresEpoch, u.* FROM portalSession s JOIN portalUser u ON u.id = s.userId
                WHERE s.idHash = ? AND s.expiresEpoch > ? AND u.disabled = 0
                """, arguments: [idHash, now]).map { row in
                PortalSession(idHash: row["idHash"], user: PortalUser(row: row), csrfToken: row["csrfToken"], expiresEpoch: row["expiresEpoch"])
            }
        }
    }

    /// Ends a session, and drops every expired one on the way.
    public func deleteSession(idHash: String, now: Double) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM portalSession WHERE idHash = ? OR expiresEpoch <= ?", arguments: [idHash, now])
        }
    }

    /// Records one failed sign-in under each key (the address and the client), dropping rows older than `keepSince`.
    public func recordSigninFailure(keys: [String], at epoch: Double, keepSince: Double) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM signinFailure WHERE epoch < ?", arguments: [keepSince])
            for key in keys {
                try db.execute(sql: "INSERT INTO signinFailure (key, epoch) VALUES (?, ?)", arguments: [key, epoch])
            }
        }
    }

    /// Failures under any of `keys` since `since`: per key, how many and the oldest one's time.
    public func signinFailures(keys: [String], since: Double) throws -> [(key: String, count: Int, oldest: Double)] {
        try pool.read { db in
            try keys.compactMap { key in
                let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, MIN(epoch) AS oldest FROM signinFailure WHERE key = ? AND epoch >= ?",
                                           arguments: [key, since])
                guard let row, let count: Int = row["n"], count > 0 else { return nil }
                return (key, count, row["oldest"])
            }
        }
    }
}
