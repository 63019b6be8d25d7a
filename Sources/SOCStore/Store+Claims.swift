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

    public enum Result: Equatable, Sendable {
        case claimed
        case heldBy(String)
    }

    /// True when the holder is a process of this machine that has ended.
    static func holderIsGone(_ owner: String) -> Bool {
        let parts = owner.split(separator: ":")
        guard parts.count == 3, parts[0] == ProcessInfo.processInfo.hostName, let pid = pid_t(parts[1]) else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}

extension Store {
    /// Claims the tenant's report for `month` for `owner`, taking over a claim whose lease ran out or
    /// whose holder is gone. One write transaction decides between concurrent claimers, as write transactions never overlap.
    public func claimMonthly(tenantID: String, month: String, owner: String, now: Date = Date()) throws -> MonthlyClaim.Result {
        try database.write { db in
            if let row = try db.row("SELECT owner, expiresEpoch FROM monthlyClaim WHERE tenantId = ? AND month = ?", [tenantID, month]) {
                let holder: String = try row.get("owner")
                let expires: Double = try row.get("expiresEpoch")
                if holder != owner, expires > now.timeIntervalSince1970, !MonthlyClaim.holderIsGone(holder) {
                    return .heldBy(holder)
                }
            }
            try db.execute("""
                INSERT INTO monthlyClaim (tenantId, month, owner, expiresEpoch) VALUES (?, ?, ?, ?)
                ON CONFLICT (tenantId, month) DO UPDATE SET owner = excluded.owner, expiresEpoch = excluded.expiresEpoch
                """, [tenantID, month, owner, now.timeIntervalSince1970 + MonthlyClaim.lease])
            return .claimed
        }
    }

    /// Ends `owner`'s claim; a claim another process has since taken over is left alone.
    public func releaseMonthly(tenantID: String, month: String, owner: String) throws {
        try database.write { db in
            try db.execute("DELETE FROM monthlyClaim WHERE tenantId = ? AND month = ? AND owner = ?", [tenantID, month, owner])
        }
    }
}
