import Foundation
import SOCEngine
import SOCTemplates
import ServiceLifecycle
import Synchronization

/// The one bounded pool of warm report engines a server shares between everything that draws: incident
/// publishing, monthly runs, previews. Each worker owns an engine (the fonts are shared) and a
/// `WorkerThread`, so drawing never runs on the event loops or Swift's cooperative threads; a job
/// waiting for a worker holds no thread.
///
/// A free worker takes the oldest `interactive` job first, then the oldest `batch` job, so an analyst's
/// incident never waits behind a month's tenants; but while both wait, every `interactiveJobsPerBatchJob + 1`th
/// job handed out is a batch job, so that a steady stream of incidents cannot stop a monthly run (without it, a
/// run of 1,000 tenants finished none in a minute beside 8 publishing clients, `bench/portal-load.py`). An
/// incident then waits at most one tenant's render longer. At most `queueLimit` interactive jobs wait; beyond
/// that `submit` throws `Full` at once (the server answers 503). Batch jobs are not counted: their
/// callers feed them one per worker at a time, so they wait in the caller's own list, not here.
///
/// As a `Service`, on graceful shutdown it refuses new jobs, drops the waiting batch jobs (their callers
/// resume them later), finishes the running and waiting interactive ones, then ends its threads.
public final class RenderPool: Service, Sendable {
    public enum Priority: Int, Sendable, CaseIterable {
        /// One document someone is waiting for: an incident, a preview.
        case interactive
        /// One item of a batch: a tenant of a monthly run.
        case batch
    }

    /// Interactive jobs handed out in a row while a batch job waits, before that batch job gets the next worker.
    public static let interactiveJobsPerBatchJob = 4

    public let workers: Int
    public let queueLimit: Int
    /// The fingerprint of the engines' templates and fonts, computed once (see `Publishing.renderer`).
    public let renderer: String
    private let state: Mutex<State>

    private struct Worker: Sendable {
        let thread: WorkerThread
        let engine: HandedOver<ReportEngine>
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Worker, any Error>
    }

    private struct State {
        var idle: [Worker]
        /// Waiting jobs by priority, oldest first.
        var waiting: [[Waiter]] = Priority.allCases.map { _ in [] }
        var nextID: UInt64 = 0
        var closed = false
        var stopped: [CheckedContinuation<Void, Never>] = []
        /// Mean seconds of the recent jobs, for `Full.retryAfter`.
        var meanSeconds = 1.0
        /// Interactive jobs handed out since a batch job last was, while one waited.
        var interactiveInARow = 0

        /// The next waiting job: interactive first, but a waiting batch job after `interactiveJobsPerBatchJob` of them.
        mutating func next() -> Waiter? {
            let (interactive, batch) = (Priority.interactive.rawValue, Priority.batch.rawValue)
            if !waiting[interactive].isEmpty,
                waiting[batch].isEmpty || interactiveInARow < RenderPool.interactiveJobsPerBatchJob
            {
                if !waiting[batch].isEmpty { interactiveInARow += 1 }
                return waiting[interactive].removeFirst()
            }
            interactiveInARow = 0
            return waiting[batch].isEmpty ? nil : waiting[batch].removeFirst()
        }
    }

    /// Loads the templates and fonts into every worker's engine before returning: a missing font fails
    /// start-up, not the first job.
    public init(home: ResourceHome, workers: Int, queueLimit: Int) throws {
        self.workers = workers
        self.queueLimit = queueLimit
        renderer = Publishing.renderer(home)
        let engines = try Workers.engines(jobs: workers, items: workers, home: home)
        state = Mutex(
            State(
                idle: engines.enumerated().map { index, engine in
                    Worker(thread: WorkerThread(name: "render-\(index)"), engine: HandedOver(engine))
                }))
    }

    /// Jobs waiting for a worker, by priority.
    public func waiting(_ priority: Priority) -> Int {
        state.withLock { $0.waiting[priority.rawValue].count }
    }

    /// Runs `job` with a free worker's engine on that worker's thread and returns what it returned.
    ///
    /// A caller cancelled while its job waits leaves the queue (`CancellationError`); once started, the
    /// job runs to its end whatever happens to the caller, so nothing is left half-published.
    ///
    /// - Throws: `Full` when `queueLimit` interactive jobs are waiting; `Stopped` once the pool shuts down.
    public func submit<T: Sendable>(priority: Priority, _ job: @escaping @Sendable (ReportEngine) async throws -> T)
        async throws -> T
    {
        let worker = try await take(priority)
        let started = ContinuousClock.now
        defer { give(worker, seconds: (ContinuousClock.now - started) / .seconds(1)) }
        return try await Task(executorPreference: worker.thread) { try await job(worker.engine.value) }.value
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await stop()
    }

    /// Refuses new jobs and drops the waiting batch jobs (`Stopped`), lets the running and waiting
    /// interactive jobs finish, and returns once every worker has ended.
    public func stop() async {
        let dropped = state.withLock { state in
            state.closed = true
            defer { state.waiting[Priority.batch.rawValue] = [] }
            return state.waiting[Priority.batch.rawValue]
        }
        for waiter in dropped { waiter.continuation.resume(throwing: Stopped()) }
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                guard state.idle.count < workers else { return true }
                state.stopped.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        for worker in state.withLock({ $0.idle }) { worker.thread.stop() }
    }

    /// A free worker: at once when one is idle (none is while jobs wait), else when `give` hands one over.
    private func take(_ priority: Priority) async throws -> Worker {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let answer = state.withLock { state -> Result<Worker, any Error>? in
                    // Checked under the lock the cancellation handler takes: one of the two sees the other.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if state.closed { return .failure(Stopped()) }
                    if let worker = state.idle.popLast() { return .success(worker) }
                    let queued = state.waiting[priority.rawValue].count
                    if priority == .interactive, queued >= queueLimit {
                        let seconds = state.meanSeconds * Double(queued + 1) / Double(workers)
                        return .failure(Full(retryAfter: max(1, Int(seconds.rounded(.up)))))
                    }
                    state.waiting[priority.rawValue].append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let answer { continuation.resume(with: answer) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiting[priority.rawValue].firstIndex(where: { $0.id == id }) else {
                    return nil
                }
                return state.waiting[priority.rawValue].remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Hands the worker to the next waiting job (`State.next`), else makes it idle.
    private func give(_ worker: Worker, seconds: Double) {
        let (next, stopped) = state.withLock { state -> (Waiter?, [CheckedContinuation<Void, Never>]) in
            state.meanSeconds = 0.8 * state.meanSeconds + 0.2 * seconds
            if let next = state.next() { return (next, []) }
            state.idle.append(worker)
            guard state.closed, state.idle.count == workers else { return (nil, []) }
            defer { state.stopped = [] }
            return (nil, state.stopped)
        }
        next?.continuation.resume(returning: worker)
        for continuation in stopped { continuation.resume() }
    }

    /// Too many interactive jobs wait: try again after about `retryAfter` seconds.
    public struct Full: Error, CustomStringConvertible {
        public var retryAfter: Int
        public var description: String { "the render queue is full; try again in \(retryAfter) s" }
    }

    public struct Stopped: Error, CustomStringConvertible {
        public var description: String { "the server is shutting down" }
    }
}
