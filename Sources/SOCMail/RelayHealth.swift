import Foundation
import Synchronization

/// Whether the relay takes sessions, as the last delivery round found it: for `/readyz` and the log.
/// A session-level refusal (a `554` greeting, a `535` to AUTH, no STARTTLS, no connection) is a fault of
/// the relay or of the settings, not of any message: staff must see it while the mails wait.
public final class RelayHealth: Sendable {
    public struct Refusal: Sendable, Equatable, Encodable {
        /// When the relay started refusing, and when it last did (RFC 3339, UTC).
        public var since: String
        public var last: String
        /// Rounds refused in a row.
        public var rounds: Int
        /// The relay's answer or the failure, without credentials.
        public var answer: String
    }

    private let state = Mutex<Refusal?>(nil)

    public init() {}

    /// The refusal in force, nil once a session was accepted again.
    public var refusal: Refusal? { state.withLock { $0 } }

    func refused(_ answer: String, at date: Date = Date()) -> Refusal {
        let time = ISO8601DateFormatter().string(from: date)
        return state.withLock { refusal in
            let next = Refusal(
                since: refusal?.since ?? time, last: time, rounds: (refusal?.rounds ?? 0) + 1, answer: answer)
            refusal = next
            return next
        }
    }

    func accepted() { state.withLock { $0 = nil } }
}
