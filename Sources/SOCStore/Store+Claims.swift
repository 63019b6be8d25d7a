import Foundation

/// Who works on a tenant's monthly report: one process at a time, whatever machine it runs on.
///
/// Processes that end up on the same tenant-month (a retried pod, a shard run twice) each try to claim it
/// before rendering; the loser skips it. A claim ends when its holder releases it, when its lease runs out,
/// or at once when its holder is a process of this machine that no longer exists (killed midway), so that
/// running the shard again finishes what is left.
public enum MonthlyClaim {
    /// Longer than any one report takes to draw and publish.
    public static let lease: TimeInterval = 600

    /// This process, as claims name it: host, process id and a token told apart per batch.
    public static func owner(token: String = UUID().uuidString.prefix(8).lowercased()) -> String {
        "\(ProcessInfo.processInfo.hostName):\(getpid()):\(token)"
    }

    /// A claim as its holder names it, to end it.
    public struct Key: Sendable {
        public var tenantID: String
        public var month: String
        public var owner: String

        public init(tenantID: String, month: String, owner: String) {
            self.tenantID = tenantID
            self.month = month
            self.owner = owner
        }
    }

    public enum Result: Equatable, Sendable {
        case claimed
        case heldBy(String)
    }

    /// True when the holder is a process of this machine that has ended.
    static func holderIsGone(_ owner: String) -> Bool {
        let parts = owner.split(separator: ":")
        guard parts.count == 3, parts[0] == ProcessInfo.processInfo.hostName, let pid = pid_t(parts[1]) else {
            return false
        }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}

extension Store {
    /// Claims the tenant's report for `month` for `owner`, taking over a claim whose lease ran out or
    /// whose holder is gone. Each step is one statement that changes the claim only if it is still as
    /// seen (compare-and-set), so concurrent claimers on any machine agree without a lock; the usual case
    /// (no claim, its own, an expired one) is the first statement alone.
    public func claimMonthly(tenantID: String, month: String, owner: String, now: Date = Date()) async throws
        -> MonthlyClaim.Result
    {
        let expires = now.timeIntervalSince1970 + MonthlyClaim.lease
        while true {
            let taken = try await database.writeStatement { db in
                try db.execute(
                    """
                    INSERT INTO monthlyClaim (tenantId, month, owner, expiresEpoch) VALUES (?, ?, ?, ?)
                    ON CONFLICT (tenantId, month) DO UPDATE SET owner = excluded.owner, expiresEpoch = excluded.expiresEpoch
                    WHERE monthlyClaim.owner = excluded.owner OR monthlyClaim.expiresEpoch <= ?
                    """, [tenantID, month, owner, expires, now.timeIntervalSince1970])
            }
            if taken == 1 { return .claimed }
            let holder = try await database.read { db in
                try db.value(
                    "SELECT owner FROM monthlyClaim WHERE tenantId = ? AND month = ?", [tenantID, month],
                    as: String.self)
            }
            // Released meanwhile: try again.
            guard let holder else { continue }
            guard MonthlyClaim.holderIsGone(holder) else { return .heldBy(holder) }
            let takenOver = try await database.writeStatement { db in
                try db.execute(
                    "UPDATE monthlyClaim SET owner = ?, expiresEpoch = ? WHERE tenantId = ? AND month = ? AND owner = ?",
                    [owner, expires, tenantID, month, holder])
            }
            if takenOver == 1 { return .claimed }
        }
    }

    /// Ends `owner`'s claim; a claim another process has since taken over is left alone.
    public func releaseMonthly(tenantID: String, month: String, owner: String) async throws {
        try await database.write { [self] in
            try release(MonthlyClaim.Key(tenantID: tenantID, month: month, owner: owner), $0)
        }
    }

    func release(_ claim: MonthlyClaim.Key, _ db: any SQLConnection) throws {
        try db.execute(
            "DELETE FROM monthlyClaim WHERE tenantId = ? AND month = ? AND owner = ?",
            [claim.tenantID, claim.month, claim.owner])
    }
}
