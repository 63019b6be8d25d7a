import Foundation
import SOCModel

/// The database reports are assembled from: tenants, every incident revision, monthly metrics, analysts'
/// notes, threat news, a record of every file published, and what the service keeps (API keys, portal
/// users and sessions, the mail queue).
///
/// The rules live here once, as SQL both databases run; `StoreDatabase` is where they differ: an
/// embedded SQLite file (`SQLiteDatabase`) or a PostgreSQL server several machines share (`PostgresDatabase`).
public final class Store: Sendable {
    /// How long a writer waits for another process's transaction, or for a connection, before giving up.
    public static let busyTimeout: TimeInterval = 30

    let database: any StoreDatabase

    /// Where the store is, without any password, for messages.
    public var location: String { database.location }

    /// Opens (creating a SQLite file when missing) the store at `location` and brings its schema up to
    /// date: `postgres://user:password@host:port/database` (or `postgresql://`) for PostgreSQL, a path
    /// or `sqlite:path` for SQLite. Blocks while it connects and migrates: a process opens its store
    /// once, before it serves; every call after is `async`.
    public init(location: String) throws {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            database = try PostgresDatabase(url: location)
        } else {
            let path = location.hasPrefix("sqlite:") ? String(location.dropFirst("sqlite:".count)) : location
            guard !path.isEmpty else { throw StoreError.cannotOpen(path: location, reason: "no path after sqlite:") }
            database = try SQLiteDatabase(path: path)
        }
    }

    /// The identifiers of the schema migrations applied, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await database.appliedMigrations()
    }

    /// Answers a trivial query: the store is open and readable.
    public func ping() async throws {
        _ = try await database.read { try $0.value("SELECT 1", as: Int.self) }
    }

    static func now() -> String { utc(Date()) }

    static func utc(_ date: Date) -> String {
        Timestamp(date, in: TimeZone(identifier: "UTC")!).text
    }
}

public enum StoreError: Error, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    /// The database server cannot be reached now; the same call may succeed later.
    case unavailable(location: String, reason: String)
    /// The database refused a query: a bug, or a schema changed behind the store's back.
    case query(String)
    case unknownTenant(String)
    case damaged(String)
    case duplicateKeyName(String)
    case tenantKeyScope([String])

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "cannot open the store \(path): \(reason)"
        case let .unavailable(location, reason): "the store \(location) is unavailable: \(reason)"
        case let .query(reason): "the store refused a query: \(reason)"
        case let .unknownTenant(id): "unknown tenant \"\(id)\": ingest its tenants document first"
        case let .damaged(what): "the store holds an unreadable record: \(what)"
        case let .duplicateKeyName(name): "an API key named \"\(name)\" exists; revoke it first or choose another name"
        case let .tenantKeyScope(scopes):
            "a key for one tenant may only read; it cannot have the scope \(scopes.map { "\"\($0)\"" }.joined(separator: ", "))"
        }
    }
}

/// A PostgreSQL URL the store cannot use.
struct StoreLocationError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Optional {
    /// The value a record must have; its absence is a damaged record.
    func orDamaged(_ what: String) throws -> Wrapped {
        guard let self else { throw StoreError.damaged(what) }
        return self
    }
}
