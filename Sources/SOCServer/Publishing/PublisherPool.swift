import Foundation
import ServiceLifecycle
import SOCEngine
import SOCPortal
import SOCPublishing
import SOCReports
import SOCStore
import Synchronization

/// Render workers, each owning an `IncidentPublisher` with its own warm report engine (the fonts are
/// shared) and a `WorkerThread`. Rendering is long, blocking, single-threaded work, so a job runs on
/// its worker's thread and never on the event loops or Swift's cooperative threads; requests wait for
/// a free worker without blocking a thread, and a job awaiting the store holds only its own worker.
///
/// As a service it ends on graceful shutdown after the jobs already waiting are done.
public final class PublisherPool: Service, Sendable {
    public let workers: Int
    private let state = Mutex(State())

    private struct Worker: Sendable {
        let thread: WorkerThread
        let publisher: HandedOver<IncidentPublisher>
    }

    private struct State {
        var idle: [Worker] = []
        var waiting: [CheckedContinuation<Worker, any Error>] = []
        var closed = false
        var stopped: [CheckedContinuation<Void, Never>] = []
    }

    /// Loads the templates and fonts once per worker before answering: a missing font fails start-up,
    /// not the first request.
    public init(store: Store, portal: Portal, workers: Int, home: ResourceHome, notifications: NotificationSettings? = nil) throws {
        self.workers = workers
        let engines = try Workers.engines(jobs: workers, items: workers, home: home)
        let idle = try engines.enumerated().map { index, engine in
            Worker(thread: WorkerThread(name: "render-\(index)"),
                   publisher: HandedOver(try IncidentPublisher(store: store, portal: portal, command: "serve", engine: engine,
                                                               notifications: notifications)))
        }
        state.withLock { $0.idle = idle }
    }

    /// Runs `body` on a free worker's thread with its publisher and returns what it returned.
    public func run<T: Sendable>(_ body: @escaping @Sendable (IncidentPublisher) async throws -> T) async throws -> T {
        let worker = try await take()
        defer { give(worker) }
        return try await withTaskExecutorPreference(worker.thread) { try await body(worker.publisher.value) }
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await stop()
    }

    /// Refuses new jobs, lets the waiting ones finish, and returns once every worker has ended.
    public func stop() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                state.closed = true
                guard state.idle.count < workers else { return true }
                state.stopped.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        for worker in state.withLock({ $0.idle }) { worker.thread.stop() }
    }

    /// A free worker, first come first served.
    private func take() async throws -> Worker {
        try await withCheckedThrowingContinuation { continuation in
            let answer = state.withLock { state -> Result<Worker, any Error>? in
                if state.closed { return .failure(PoolStopped()) }
                if let worker = state.idle.popLast() { return .success(worker) }
                state.waiting.append(continuation)
                return nil
            }
            if let answer { continuation.resume(with: answer) }
        }
    }

    private func give(_ worker: Worker) {
        let (next, stopped) = state.withLock { state -> (CheckedContinuation<Worker, any Error>?, [CheckedContinuation<Void, Never>]) in
            if !state.waiting.isEmpty { return (state.waiting.removeFirst(), []) }
            state.idle.append(worker)
            guard state.closed, state.idle.count == workers else { return (nil, []) }
            defer { state.stopped = [] }
            return (nil, state.stopped)
        }
        next?.resume(returning: worker)
        for continuation in stopped { continuation.resume() }
    }

    public struct PoolStopped: Error, CustomStringConvertible {
        public var description: String { "the server is shutting down" }
    }
}
