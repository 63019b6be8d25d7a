import Foundation
import GRDB
import SOCModel

/// The SQLite database reports are assembled from: tenants, every incident revision, monthly metrics,
/// analysts' notes, threat news, and a record of every file published.
///
/// WAL mode lets the batch's workers read while a publisher writes; the busy timeout makes concurrent
/// processes wait for each other's short write transactions instead of failing.
public final class Store: Sendable {
    /// How long a writer waits for another process's transaction before giving up.
    public static let busyTimeout: TimeInterval = 30

    public let path: String
    let pool: DatabasePool

    /// Opens (creating when missing) the database at `path` and brings its schema up to date.
    public init(path: String) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder) else {
            throw StoreError.cannotOpen(path: path, reason: "the folder \(folder) does not exist")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "socreport"
        do {
            pool = try Self.openPool(path: path, configuration: configuration)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
        try migrate()
    }

    /// Opening switches the database to WAL, and SQLite answers a concurrent switch with SQLITE_BUSY at
    /// once, without waiting in the busy handler: processes opening a new store together try again, at
    /// random short intervals, for as long as the busy timeout.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                usleep(UInt32.random(in: 5_000...40_000))
            }
        }
    }

    /// GRDB's migrator decides what to run before taking the write lock, so two processes opening a new
    /// store together can both try the first migration; the loser's transaction rolls back and it finds
    /// the schema complete when it looks again.
    private func migrate() throws {
        let migrator = StoreSchema.migrator
        var attempts = 0
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                attempts += 1
                if try pool.read(migrator.hasCompletedMigrations) { return }
                if attempts == 3 { throw StoreError.cannotOpen(path: path, reason: "schema migration failed: \(error)") }
            }
        }
    }

    /// The identifiers of the schema migrations applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { try StoreSchema.migrator.appliedMigrations($0) }
    }

    static func now() -> String { utc(Date()) }

    static func utc(_ date: Date) -> String {
        Timestamp(date, in: TimeZone(identifier: "UTC")!).text
    }
}

public enum StoreError: Error, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case unknownTenant(String)
    case damaged(String)
    case duplicateKeyName(String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "cannot open the store \(path): \(reason)"
        case let .unknownTenant(id): "unknown tenant \"\(id)\": ingest its tenants document first"
        case let .damaged(what): "the store holds an unreadable record: \(what)"
        case let .duplicateKeyName(name): "an API key named \"\(name)\" exists; revoke it first or choose another name"
        }
    }
}
