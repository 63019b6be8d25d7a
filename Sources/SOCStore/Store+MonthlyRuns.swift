import Foundation

/// A monthly run started through the API, as the store keeps it: the run, and each of its tenants with
/// its outcome once done. A server restarted while a run is `running` resumes its tenants without one.
public struct MonthlyRunRecord: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable, SQLArgument {
        case running, finished, cancelled, failed
    }

    /// What became of one tenant; the names the API shows.
    public enum Outcome: String, Sendable, Codable, SQLArgument, CaseIterable {
        case published, unchanged, claimedElsewhere, failed
    }

    public struct Failure: Sendable, Codable, Equatable {
        public var tenant: String
        public var reason: String
    }

    public var id: String
    public var month: String
    public var state: State
    public var total = 0
    public var done = 0
    public var published = 0
    public var unchanged = 0
    /// Tenants another process held the claim on (and publishes).
    public var claimedElsewhere = 0
    public var failed = 0
    public var failures: [Failure] = []
    public var startedAt: String
    public var finishedAt: String?
    /// Why the run stopped before its end.
    public var error: String?
}

extension Store {
    /// Records a new run of `tenantIDs`, none done yet.
    public func createMonthlyRun(id: String, month: String, tenantIDs: [String]) async throws -> MonthlyRunRecord {
        let run = MonthlyRunRecord(id: id, month: month, state: .running, total: tenantIDs.count, startedAt: Self.now())
        try await database.write { db in
            try db.execute(
                "INSERT INTO monthlyRun (id, month, state, startedAt) VALUES (?, ?, ?, ?)",
                [run.id, run.month, run.state, run.startedAt])
            for tenantID in tenantIDs {
                try db.execute("INSERT INTO monthlyRunTenant (runId, tenantId) VALUES (?, ?)", [id, tenantID])
            }
        }
        return run
    }

    /// Records a tenant's outcome and answers the run's state, so that a run cancelled meanwhile (by
    /// any server) is seen. A tenant found claimed elsewhere may be recorded again by whoever held the
    /// claim (another server resuming the same run); any other outcome is final.
    public func recordMonthlyRunTenant(
        runID: String, tenantID: String, outcome: MonthlyRunRecord.Outcome,
        reason: String? = nil
    ) async throws -> MonthlyRunRecord.State? {
        try await database.write { db in
            _ = try db.execute(
                """
                UPDATE monthlyRunTenant SET outcome = ?, reason = ?
                WHERE runId = ? AND tenantId = ? AND (outcome IS NULL OR outcome = ?)
                """, [outcome, reason, runID, tenantID, MonthlyRunRecord.Outcome.claimedElsewhere])
            return try db.value("SELECT state FROM monthlyRun WHERE id = ?", [runID], as: String.self).flatMap(
                MonthlyRunRecord.State.init)
        }
    }

    /// The run's tenants without an outcome, by id.
    public func monthlyRunPending(runID: String) async throws -> [String] {
        try await database.read { db in
            try db.values(
                "SELECT tenantId FROM monthlyRunTenant WHERE runId = ? AND outcome IS NULL ORDER BY tenantId", [runID])
        }
    }

    /// Ends a running run as `state`; false when it was not running (ended already, or unknown).
    public func endMonthlyRun(id: String, state: MonthlyRunRecord.State, error: String? = nil) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                "UPDATE monthlyRun SET state = ?, finishedAt = ?, error = ? WHERE id = ? AND state = ?",
                [state, Self.now(), error, id, MonthlyRunRecord.State.running]) == 1
        }
    }

    public func monthlyRun(id: String) async throws -> MonthlyRunRecord? {
        try await monthlyRuns(where: "id = ?", [id]).first
    }

    /// Runs newest first, `state` alone when given.
    public func monthlyRuns(state: MonthlyRunRecord.State? = nil) async throws -> [MonthlyRunRecord] {
        if let state { return try await monthlyRuns(where: "state = ?", [state]) }
        return try await monthlyRuns(where: "1 = 1", [])
    }

    private func monthlyRuns(where condition: String, _ arguments: [any SQLArgument]) async throws -> [MonthlyRunRecord]
    {
        try await database.snapshot { db in
            var runs = try db.rows("SELECT * FROM monthlyRun WHERE \(condition) ORDER BY startedAt DESC, id", arguments)
                .map { row in
                    MonthlyRunRecord(
                        id: try row.get("id"), month: try row.get("month"),
                        state: try MonthlyRunRecord.State(rawValue: row.get("state")).orDamaged("monthly run state"),
                        startedAt: try row.get("startedAt"), finishedAt: try row.get("finishedAt"),
                        error: try row.get("error"))
                }
            let index = Dictionary(uniqueKeysWithValues: runs.indices.map { (runs[$0].id, $0) })
            let counts = try db.rows(
                """
                SELECT runId, outcome, COUNT(*) AS n FROM monthlyRunTenant
                WHERE runId IN (SELECT id FROM monthlyRun WHERE \(condition)) GROUP BY runId, outcome
                """, arguments)
            for row in counts {
                guard let i = index[try row.get("runId")] else { continue }
                let n: Int = try row.get("n")
                runs[i].total += n
                guard let name = try row.get("outcome", as: String?.self) else { continue }
                runs[i].done += n
                switch try MonthlyRunRecord.Outcome(rawValue: name).orDamaged("monthly run outcome") {
                case .published: runs[i].published += n
                case .unchanged: runs[i].unchanged += n
                case .claimedElsewhere: runs[i].claimedElsewhere += n
                case .failed: runs[i].failed += n
                }
            }
            let failures = try db.rows(
                """
                SELECT runId, tenantId, reason FROM monthlyRunTenant
                WHERE runId IN (SELECT id FROM monthlyRun WHERE \(condition)) AND outcome = 'failed' ORDER BY tenantId
                """, arguments)
            for row in failures {
                guard let i = index[try row.get("runId")] else { continue }
                runs[i].failures.append(
                    .init(tenant: try row.get("tenantId"), reason: try row.get("reason", as: String?.self) ?? ""))
            }
            return runs
        }
    }
}
