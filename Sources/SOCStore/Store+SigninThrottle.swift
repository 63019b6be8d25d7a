import Foundation

/// How many sign-in attempts one key (an address, a client) may make: `limit` in a window of `window`
/// seconds. A window that filled up makes the next one `growth` times longer, up to `maxWindow`, so a
/// guesser is slowed down more and more; a window that did not fill up resets it.
public struct ThrottleRule: Sendable, Equatable {
    public var limit: Int
    public var window: Double
    public var growth: Double
    public var maxWindow: Double

    public init(limit: Int, window: Double, growth: Double = 1, maxWindow: Double? = nil) {
        self.limit = limit; self.window = window; self.growth = growth; self.maxWindow = maxWindow ?? window
    }
}

extension Store {
    /// Counts one sign-in attempt under every key, before its password is checked: nil when every key
    /// had room (the attempt is counted under all), else the seconds until the fullest key has room again
    /// (nothing is counted). One transaction of upserts, each row locked by its write, so concurrent
    /// attempts, in this process or on another replica, can never together pass a limit.
    public func claimSigninAttempt(_ keys: [(key: String, rule: ThrottleRule)], now: Double) async throws -> Double? {
        struct Refused: Error {}
        // Keys in one order everywhere, so two attempts never wait for each other's rows crosswise.
        let sorted = keys.sorted { $0.key < $1.key }
        do {
            try await database.write { db in
                for (key, rule) in sorted {
                    let counted = try db.row(
                        Self.claim,
                        [
                            key, now, rule.window, rule.limit, rule.growth, rule.maxWindow, rule.growth,
                            rule.maxWindow, rule.limit,
                        ])
                    if counted == nil { throw Refused() }
                }
            }
            return nil
        } catch is Refused {
            let rows = try await database.read { db in
                try db.rows(
                    "SELECT key, windowStart + windowSeconds AS ends, attempts FROM signinThrottle WHERE key IN (\(placeholders(sorted.count)))",
                    sorted.map(\.key))
            }
            let waits = try rows.compactMap { row -> Double? in
                let key: String = try row.get("key")
                guard let rule = sorted.first(where: { $0.key == key })?.rule,
                    try row.get("attempts", as: Int.self) >= rule.limit
                else { return nil }
                return try row.get("ends", as: Double.self) - now
            }
            return max(1, waits.max() ?? 1)
        }
    }

    /// A sign-in succeeded: the attempts under `cleared` (its address) are forgotten, and its attempt
    /// under `refunded` (its client) is given back, so that only failures fill a client's window.
    public func signinSucceeded(cleared: String, refunded: String) async throws {
        try await database.write { db in
            try db.execute("DELETE FROM signinThrottle WHERE key = ?", [cleared])
            try db.execute(
                "UPDATE signinThrottle SET attempts = attempts - 1 WHERE key = ? AND attempts > 0", [refunded])
        }
    }

    /// A new row, or the key's row counted once more; no row when its window is full (the WHERE refuses
    /// the update), so the caller learns it was refused. SET reads the old row on both databases.
    private static let claim = """
        INSERT INTO signinThrottle (key, windowStart, windowSeconds, attempts) VALUES (?, ?, ?, 1)
        ON CONFLICT (key) DO UPDATE SET
            attempts = CASE WHEN \(ended) THEN 1 ELSE signinThrottle.attempts + 1 END,
            windowSeconds = CASE WHEN NOT \(ended) THEN signinThrottle.windowSeconds
                WHEN signinThrottle.attempts >= ? THEN
                    CASE WHEN signinThrottle.windowSeconds * ? < ? THEN signinThrottle.windowSeconds * ? ELSE ? END
                ELSE excluded.windowSeconds END,
            windowStart = CASE WHEN \(ended) THEN excluded.windowStart ELSE signinThrottle.windowStart END
        WHERE \(ended) OR signinThrottle.attempts < ?
        RETURNING attempts
        """
    private static let ended = "signinThrottle.windowStart + signinThrottle.windowSeconds <= excluded.windowStart"
}
