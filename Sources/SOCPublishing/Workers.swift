import Foundation
import SOCEngine
import SOCReports

/// Worker threads over a list of items.
public enum Workers {
    /// Runs `body` on every item, with one thread per context; a context (an engine, a publisher) is
    /// used by its thread alone. Threads pull items one at a time and `run` returns when all are done.
    public static func run<Item: Sendable, Context>(_ items: [Item], contexts: [Context], _ body: @escaping @Sendable (Item, Context) -> Void) {
        let work = WorkQueue(items)
        let done = DispatchGroup()
        for (index, context) in contexts.enumerated() {
            done.enter()
            let owned = HandedOver(context)
            let thread = Thread {
                defer { done.leave() }
                while let item = work.next() { body(item, owned.value) }
            }
            thread.stackSize = 8 << 20  // layout recursion and Pango want more than a secondary thread's default
            thread.name = "worker-\(index)"
            thread.start()
        }
        done.wait()
    }

    /// One engine per worker for `items` items and at most `jobs` workers (at least one engine), all
    /// sharing the first one's fonts. Made before any work starts, so that a resource problem fails the
    /// run before any item is tried.
    public static func engines(jobs: Int, items: Int, home: ResourceHome) throws -> [ReportEngine] {
        let first = try ReportEngine(home: home)
        return try [first] + (1..<min(jobs, max(items, 1))).map { _ in try ReportEngine(home: home, fonts: first.fonts) }
    }
}

/// A value given to exactly one thread, which alone uses it from then on.
private struct HandedOver<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) {
        self.value = value
    }
}

/// Hands out items to workers, one at a time.
private final class WorkQueue<Item: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private let items: [Item]
    private var nextIndex = 0

    init(_ items: [Item]) {
        self.items = items
    }

    func next() -> Item? {
        lock.withLock {
            guard nextIndex < items.count else { return nil }
            defer { nextIndex += 1 }
            return items[nextIndex]
        }
    }
}
