import Foundation
import SOCModel
import SOCPortal
import SOCPublishing
import SOCStore
import Synchronization

/// Monthly batches started through the API, their tenants drawn by the server's `RenderPool` as batch
/// jobs (after any incident waiting), and the progress each reports. Jobs are kept in memory: a
/// restarted server forgets them, and running the month again finishes what an interrupted run left
/// undone (published reports are skipped).
public final class MonthlyRuns: Sendable {
    let store: Store
    let portal: Portal
    let pool: RenderPool
    let metrics: ServerMetrics
    private let runs = Mutex<[String: Run]>([:])

    public init(store: Store, portal: Portal, pool: RenderPool, metrics: ServerMetrics) {
        self.store = store
        self.portal = portal
        self.pool = pool
        self.metrics = metrics
    }

    /// A run as the API shows it.
    public struct Run: Sendable, Codable, Equatable {
        public enum State: String, Sendable, Codable { case running, finished, failed }
        public struct Failure: Sendable, Codable, Equatable {
            public var tenant: String
            public var reason: String
        }

        public var id: String
        public var month: String
        public var state: State
        public var total: Int
        public var done = 0
        public var published = 0
        public var unchanged = 0
        /// Tenants another process held the claim on (and publishes).
        public var claimedElsewhere = 0
        public var failed = 0
        public var failures: [Failure] = []
        public var startedAt: String
        public var finishedAt: String?
        /// Why the run stopped before its end (the server shutting down, say).
        public var error: String?
    }

    /// Starts publishing `tenants` (all when empty) for `month`; returns at once with the run's first state.
    public func start(month: YearMonth, tenants: [String]) async throws -> Run {
        let ids = tenants.isEmpty ? try await store.tenantIDs() : Array(Set(tenants)).sorted()
        let batch = try MonthlyBatch(store: store, portal: portal, month: month, jobs: pool.workers, command: "serve monthly-run")
        let run = Run(id: UUID().uuidString.lowercased(), month: month.description, state: .running, total: ids.count,
                      startedAt: publicationTime())
        runs.withLock { $0[run.id] = run }
        Task { [self] in
            do {
                try await batch.run(ids, on: pool) { tenant, outcome in self.record(run.id, tenant, outcome) }
                update(run.id) { $0.state = .finished }
            } catch {
                update(run.id) { $0.state = .failed; $0.error = "\(error)" }
            }
        }
        return run
    }

    public func run(_ id: String) -> Run? {
        runs.withLock { $0[id] }
    }

    private func record(_ id: String, _ tenant: String, _ outcome: MonthlyBatch.Outcome) {
        update(id) { run in
            run.done += 1
            switch outcome {
            case .published: run.published += 1
            case .unchanged: run.unchanged += 1
            case .claimedElsewhere: run.claimedElsewhere += 1
            case .failed(let reason):
                run.failed += 1
                run.failures.append(.init(tenant: tenant, reason: reason))
            }
        }
        metrics.countMonthlyTenant(outcome: outcome.name)
    }

    private func update(_ id: String, _ change: (inout Run) -> Void) {
        runs.withLock { runs in
            guard var run = runs[id] else { return }
            change(&run)
            if run.state != .running { run.finishedAt = publicationTime() }
            runs[id] = run
        }
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
