import Foundation

/// A value made on a thread of its own while the caller does something else, for the caller to wait for when it
/// needs it.
final class Background<Value>: @unchecked Sendable {
    // Written by the thread before it signals, read by the caller after it waited: the semaphore orders the two.
    private var result: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ make: @escaping @Sendable () throws -> Value) {
        Thread { [self] in
            result = Result(catching: make)
            done.signal()
        }.start()
    }

    /// The value, or the error making it threw; waits for the thread. Called once.
    func value() throws -> Value {
        done.wait()
        return try result!.get()
    }
}
