import Foundation
import GRDB

/// The embedded store: one SQLite file through GRDB.
///
/// WAL mode lets the batch's workers read while a publisher writes; the busy timeout makes concurrent
/// processes wait for each other's short write transactions instead of failing. Calls run on GRDB's own
/// queues (its async `read` and `write`), which wait there for SQLite's locks.
final class SQLiteDatabase: StoreDatabase {
    let location: String
    private let pool: DatabasePool

    /// Opens (creating when missing) the database at `path` and brings its schema up to date.
    init(path: String) throws {
        location = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder) else {
            throw StoreError.cannotOpen(path: path, reason: "the folder \(folder) does not exist")
        }
        // It holds TLP:RED incidents and password hashes: readable by the service's user only, whatever
        // the umask. SQLite gives the -wal and -shm files the database file's mode.
        let created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if created >= 0 { close(created) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Store.busyTimeout)
        configuration.label = "socreport"
        do {
            pool = try Self.openPool(path: path, configuration: configuration)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
        try migrate()
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await snapshot(body)
    }

    func snapshot<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await pool.read { try body(GRDBConnection(db: $0)) }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await pool.write { try body(GRDBConnection(db: $0)) }
    }

    func writeStatement<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await write(body)
    }

    func appliedMigrations() async throws -> [String] {
        try await pool.read { try SQLiteSchema.migrator.appliedMigrations($0) }
    }

    /// Opening switches the database to WAL, and SQLite answers a concurrent switch with SQLITE_BUSY at
    /// once, without waiting in the busy handler: processes opening a new store together try again, at
    /// random short intervals, for as long as the busy timeout.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = Date().addingTimeInterval(Store.busyTimeout)
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
        let migrator = SQLiteSchema.migrator
        var attempts = 0
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                attempts += 1
                if try pool.read(migrator.hasCompletedMigrations) { return }
                if attempts == 3 {
                    throw StoreError.cannotOpen(path: location, reason: "schema migration failed: \(error)")
                }
            }
        }
    }
}

/// A GRDB connection inside one of the pool's transactions.
private struct GRDBConnection: SQLConnection {
    let db: Database

    func execute(_ sql: String, _ arguments: [any SQLArgument]) throws -> Int {
        try db.execute(sql: sql, arguments: Self.arguments(arguments))
        return db.changesCount
    }

    func rows(_ sql: String, _ arguments: [any SQLArgument]) throws -> [SQLRow] {
        Self.rows(try Row.fetchAll(db, sql: sql, arguments: Self.arguments(arguments)))
    }

    /// Compiled once per connection: compiling (SQLite's parser and GRDB's authorizer) cost more than running
    /// the session's query.
    func rows(kept sql: StaticString, _ arguments: [any SQLArgument]) throws -> [SQLRow] {
        Self.rows(try Row.fetchAll(db.cachedStatement(sql: sql.description), arguments: Self.arguments(arguments)))
    }

    private static func rows(_ rows: [Row]) -> [SQLRow] {
        rows.map { row in
            SQLRow(
                zip(row.columnNames, row.databaseValues).map { name, value in
                    switch value.storage {
                    case .null: (name, .null)
                    case .int64(let number): (name, .integer(number))
                    case .double(let number): (name, .real(number))
                    case .string(let text): (name, .text(StoredText.unescaped(text)))
                    case .blob(let data): (name, .blob(Array(data)))
                    }
                })
        }
    }

    private static func arguments(_ values: [any SQLArgument]) -> StatementArguments {
        StatementArguments(
            values.map { value -> DatabaseValue in
                switch value.sqlValue {
                case .null: .null
                case .integer(let number): number.databaseValue
                case .real(let number): number.databaseValue
                case .text(let text): StoredText.escaped(text).databaseValue
                case .blob(let bytes): Data(bytes).databaseValue
                }
            })
    }
}
