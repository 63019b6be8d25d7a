import Foundation
import SOCEngine
import SOCTemplates
import Synchronization

/// Workers over a list of items, each on a thread of its own.
public enum Workers {
    /// Runs `body` on every item, with one worker per context; a context (an engine, a publisher) is
    /// used by its worker alone. Workers pull items one at a time and `run` returns when all are done.
    /// Each worker's code runs on its own `WorkerThread`, drawing included; while it awaits the store,
    /// its thread waits and no other thread is held.
    public static func run<Item: Sendable, Context>(
        _ items: [Item], contexts: [Context],
        _ body: @escaping @Sendable (Item, Context) async -> Void
    ) async {
        let work = WorkQueue(items)
        await withTaskGroup(of: Void.self) { group in
            for (index, context) in contexts.enumerated() {
                let owned = HandedOver(context)
                group.addTask {
                    let thread = WorkerThread(name: "worker-\(index)")
                    defer { thread.stop() }
                    await withTaskExecutorPreference(thread) {
                        while let item = work.next() { await body(item, owned.value) }
                    }
                }
            }
        }
    }

    /// One engine per worker for `items` items and at most `jobs` workers (at least one engine), all
    /// sharing the first one's fonts. Made before any work starts, so that a resource problem fails the
    /// run before any item is tried.
    public static func engines(jobs: Int, items: Int, home: ResourceHome) throws -> [ReportEngine] {
        let first = try ReportEngine(home: home)
        return try [first]
            + (1..<min(jobs, max(items, 1))).map { _ in try ReportEngine(home: home, fonts: first.fonts) }
    }
}

/// A thread that runs the tasks preferring it (`withTaskExecutorPreference`): drawing a report is long,
/// blocking, single-threaded work that must stay off Swift's cooperative threads and the event loops,
/// and wants a larger stack than theirs; the store calls around it are awaited from the same code.
public final class WorkerThread: TaskExecutor, Sendable {
    private let state = Mutex<(jobs: [UnownedJob], stopped: Bool)>(([], false))
    private let wake = DispatchSemaphore(value: 0)

    public init(name: String) {
        let thread = Thread { [self] in
            while let job = next() { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
        thread.stackSize = 8 << 20 // layout recursion and Pango want more than a secondary thread's default
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: UnownedJob) {
        state.withLock { $0.jobs.append(job) }
        wake.signal()
    }

    /// Ends the thread once the jobs enqueued are run.
    public func stop() {
        state.withLock { $0.stopped = true }
        wake.signal()
    }

    private func next() -> UnownedJob? {
        while true {
            let (job, stopped) = state.withLock { state -> (UnownedJob?, Bool) in
                state.jobs.isEmpty ? (nil, state.stopped) : (state.jobs.removeFirst(), false)
            }
            if let job { return job }
            if stopped { return nil }
            wake.wait()
        }
    }
}

/// A value given to exactly one worker, which alone uses it from then on.
package struct HandedOver<Value>: @unchecked Sendable {
    package let value: Value
    package init(_ value: Value) {
        self.value = value
    }
}

/// Hands out items to workers, one at a time.
final class WorkQueue<Item: Sendable>: Sendable {
    private let state: Mutex<(items: [Item], next: Int)>

    init(_ items: [Item]) {
        state = Mutex((items, 0))
    }

    func next() -> Item? {
        state.withLock { state in
            guard state.next < state.items.count else { return nil }
            defer { state.next += 1 }
            return state.items[state.next]
        }
    }
}
