import Foundation
import Logging
import SOCModel
import SOCPortal
import SOCPublishing
import SOCStore
import ServiceLifecycle
import Synchronization

/// Monthly batches started through the API. Each run and each of its tenants' outcomes is recorded in
/// the store; the tenants are drawn by the server's `RenderPool` as batch jobs, after any incident
/// waiting.
///
/// As a `Service`, it resumes on start every run the store has as running (a server killed or stopped
/// mid-run): the tenants without an outcome are published, the published ones are not touched again.
/// On graceful shutdown it starts no further tenant, lets those being drawn finish and leaves the rest
/// to the next start.
public final class MonthlyRuns: Service, Sendable {
    let store: Store
    let portal: Portal
    let pool: RenderPool
    let metrics: ServerMetrics
    let logger: Logger
    /// The runs this process is publishing, to cancel.
    private let tasks = Mutex<[String: Task<Void, Never>]>([:])

    public init(store: Store, portal: Portal, pool: RenderPool, metrics: ServerMetrics, logger: Logger) {
        self.store = store
        self.portal = portal
        self.pool = pool
        self.metrics = metrics
        self.logger = logger
    }

    /// Records a run publishing `tenants` (all when empty) for `month` and starts it; returns at once
    /// with its first state.
    public func start(month: YearMonth, tenants: [String]) async throws -> MonthlyRunRecord {
        let ids = tenants.isEmpty ? try await store.tenantIDs() : Array(Set(tenants)).sorted()
        let batch = try batch(month)
        let run = try await store.createMonthlyRun(
            id: UUID().uuidString.lowercased(), month: month.description, tenantIDs: ids)
        launch(run.id, batch, ids)
        return run
    }

    public func run(_ id: String) async throws -> MonthlyRunRecord? {
        try await store.monthlyRun(id: id)
    }

    /// Every run, newest first.
    public func runs() async throws -> [MonthlyRunRecord] {
        try await store.monthlyRuns()
    }

    /// Cancels a running run: no further tenant is started (by this server at once, by another
    /// resuming it after its current tenant), those being drawn finish. Nil when there is no such run;
    /// a run already ended is answered as it is.
    public func cancel(_ id: String) async throws -> MonthlyRunRecord? {
        if try await store.endMonthlyRun(id: id, state: .cancelled) {
            tasks.withLock { $0[id] }?.cancel()
        }
        return try await store.monthlyRun(id: id)
    }

    public func run() async throws {
        for run in try await store.monthlyRuns(state: .running) {
            guard let month = YearMonth(run.month) else {
                throw StoreError.damaged("the month of monthly run \(run.id)")
            }
            let pending = try await store.monthlyRunPending(runID: run.id)
            logger.info(
                "monthly run resumed",
                metadata: ["run": "\(run.id)", "month": "\(run.month)", "tenants": "\(pending.count)"])
            launch(run.id, try batch(month), pending)
        }
        try? await gracefulShutdown()
        let running = tasks.withLock { Array($0.values) }
        for task in running { task.cancel() }
        for task in running { await task.value }
    }

    private func batch(_ month: YearMonth) throws -> MonthlyBatch {
        try MonthlyBatch(store: store, portal: portal, month: month, jobs: pool.workers, command: "serve monthly-run")
    }

    /// Publishes `tenantIDs` as run `id` in a task of its own, which ends the run when every tenant is
    /// done; stopped (cancelled, shutting down) it leaves the run as the store has it.
    private func launch(_ id: String, _ batch: MonthlyBatch, _ tenantIDs: [String]) {
        tasks.withLock { tasks in
            // Added under the lock the task takes to remove itself, so it is never removed before it is added.
            tasks[id] = Task { [self] in
                do {
                    try await batch.run(tenantIDs, on: pool) { tenant, outcome in
                        // In a task of its own, so that a shutdown's cancellation does not lose a drawn tenant's outcome.
                        try await Task { try await self.record(id, tenant, outcome) }.value
                    }
                    _ = try await store.endMonthlyRun(id: id, state: .finished)
                } catch is RenderPool.Stopped, is CancellationError {
                    // The tenants not started are left for the next start, or were cancelled.
                } catch {
                    logger.error("monthly run failed", metadata: ["run": "\(id)", "error": "\(error)"])
                    _ = try? await store.endMonthlyRun(id: id, state: .failed, error: "\(error)")
                }
                self.tasks.withLock { $0[id] = nil }
            }
        }
    }

    /// Records one tenant's outcome; throws `CancellationError` when the run was cancelled meanwhile.
    private func record(_ id: String, _ tenant: String, _ outcome: MonthlyBatch.Outcome) async throws {
        metrics.countMonthlyTenant(outcome: outcome.name)
        let (recorded, reason): (MonthlyRunRecord.Outcome, String?) =
            switch outcome {
            case .published: (.published, nil)
            case .unchanged: (.unchanged, nil)
            case .claimedElsewhere(let holder): (.claimedElsewhere, holder)
            case .failed(let reason): (.failed, reason)
            }
        let state = try await store.recordMonthlyRunTenant(
            runID: id, tenantID: tenant, outcome: recorded, reason: reason)
        if state != .running { throw CancellationError() }
    }
}

extension MonthlyBatch.Outcome {
    var name: String {
        switch self {
        case .published: "published"
        case .unchanged: "unchanged"
        case .claimedElsewhere: "claimed_elsewhere"
        case .failed: "failed"
        }
    }
}
