import Foundation
import ServiceLifecycle
import SOCEngine
import SOCPortal
import SOCPublishing
import SOCReports
import SOCStore

/// Render workers: threads, each owning an `IncidentPublisher` with its own warm report engine (the
/// fonts are shared). Rendering is long, blocking, single-threaded work, so it runs here and never on
/// the event loops or Swift's cooperative threads; requests wait for a free worker without blocking one.
///
/// As a service it ends on graceful shutdown after the jobs already queued are done.
public final class PublisherPool: Service, Sendable {
    public let workers: Int
    private let queue = JobQueue()
    private let threadsDone = DispatchGroup()

    /// Loads the templates and fonts once per worker before answering: a missing font fails start-up,
    /// not the first request.
    public init(store: Store, portal: Portal, workers: Int, home: ResourceHome, notifications: NotificationSettings? = nil) throws {
        self.workers = workers
        let engines = try Workers.engines(jobs: workers, items: workers, home: home)
        for (index, engine) in engines.enumerated() {
            let publisher = HandedOver(try IncidentPublisher(store: store, portal: portal, command: "serve", engine: engine,
                                                                   notifications: notifications))
            threadsDone.enter()
            let thread = Thread { [queue, threadsDone] in
                defer { threadsDone.leave() }
                while let job = queue.next() { job(publisher.value) }
            }
            thread.stackSize = 8 << 20  // layout recursion and Pango want more than a secondary thread's default
            thread.name = "render-\(index)"
            thread.start()
        }
    }

    /// Runs `body` on a free worker with its publisher and returns what it returned.
    public func run<T: Sendable>(_ body: @escaping @Sendable (IncidentPublisher) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = queue.add { publisher in continuation.resume(with: Result { try body(publisher) }) }
            if !accepted { continuation.resume(throwing: PoolStopped()) }
        }
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await stop()
    }

    /// Refuses new jobs, lets the queued ones finish, and returns once every worker has ended.
    public func stop() async {
        queue.close()
        await withCheckedContinuation { continuation in threadsDone.notify(queue: .global()) { continuation.resume() } }
    }

    public struct PoolStopped: Error, CustomStringConvertible {
        public var description: String { "the server is shutting down" }
    }
}

/// Jobs waiting for a worker, first come first served.
private final class JobQueue: @unchecked Sendable {
    typealias Job = @Sendable (IncidentPublisher) -> Void
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var head = 0
    private var closed = false

    /// False when the queue is closed.
    func add(_ job: @escaping Job) -> Bool {
        condition.withLock {
            guard !closed else { return false }
            jobs.append(job)
            condition.signal()
            return true
        }
    }

    /// The next job, waiting for one; nil once the queue is closed and empty.
    func next() -> Job? {
        condition.withLock {
            while head == jobs.count && !closed { condition.wait() }
            guard head < jobs.count else { return nil }
            defer {
                head += 1
                if head == jobs.count { jobs.removeAll(keepingCapacity: true); head = 0 }
            }
            return jobs[head]
        }
    }

    func close() {
        condition.withLock {
            closed = true
            condition.broadcast()
        }
    }
}
