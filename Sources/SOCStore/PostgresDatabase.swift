import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresKit

/// The shared store: a PostgreSQL database, for several servers and batch processes on several machines.
///
/// The store's SQL is synchronous, written once for both databases: here it runs on threads of the
/// store's own, which block on postgres-nio's futures, and callers await them. Write transactions run
/// one after another on one writer thread, so at most one connection of a process waits for the lock
/// and a writer stalled behind another machine's parks no caller's thread; reads and single writing
/// statements run on reader threads beside it. Every write transaction first takes one
/// transaction-scoped advisory lock, so writers follow each other as they do on SQLite, on every
/// machine: what a transaction read still holds when it writes. Reads run in REPEATABLE READ, so one
/// read sees one state.
///
/// Unchecked: AsyncKit's pool guards its state with a lock but is not marked Sendable.
final class PostgresDatabase: StoreDatabase, @unchecked Sendable {
    /// The advisory lock writers and migrations take (any constant; "socr" in ASCII).
    static let writeLock: Int64 = 0x736F_6372
    /// Connections of each process: more than its render workers and server tasks use at once.
    static let connections = 16
    /// How long one statement may take before the server cancels it; past `deadline` without an answer
    /// (a server gone silent, a half-open connection) the client closes the connection. Both are longer
    /// than a writer's wait for the lock, `Store.busyTimeout`.
    static let statementTimeout = 45
    static let deadline = TimeAmount.seconds(60)

    let location: String
    /// A loop of the store's own: blocking on a future is only safe off the loop that completes it, and
    /// callers may run on a shared loop (the server's).
    private let loop: MultiThreadedEventLoopGroup
    private let pool: EventLoopGroupConnectionPool<PostgresConnectionSource>
    /// A process's write transactions queue for this one thread, so that at most one of its connections
    /// waits for the lock and the others stay free for reads.
    private let writer = NIOThreadPool(numberOfThreads: 1)
    /// Reads and single writing statements: one thread for each connection the writer leaves.
    private let readers = NIOThreadPool(numberOfThreads: connections - 1)
    private let logger = Logger(label: "socreport.store")

    /// Connects to the database at `url` (`postgres://user:password@host:port/database`) and brings its
    /// schema up to date. TLS as libpq's `sslmode` asks (`require`, `verify-ca`, `verify-full`), verified
    /// against `sslrootcert` when given, else the system's roots; no `sslmode` means no TLS.
    init(url: String) throws {
        location = Self.redacted(url)
        let configuration: SQLPostgresConfiguration
        do {
            configuration = try Self.configuration(url)
        } catch {
            throw StoreError.cannotOpen(path: location, reason: "\(error)")
        }
        loop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        pool = EventLoopGroupConnectionPool(
            source: PostgresConnectionSource(sqlConfiguration: configuration),
            maxConnectionsPerEventLoop: Self.connections, requestTimeout: .seconds(Int64(Store.busyTimeout)),
            logger: logger, on: loop)
        writer.start()
        readers.start()
        do {
            try migrate()
        } catch {
            // deinit shuts the pool down.
            throw StoreError.cannotOpen(path: location, reason: "\(error)")
        }
    }

    deinit {
        let loop = loop
        pool.shutdownGracefully { _ in loop.shutdownGracefully { _ in } }
        writer.shutdownGracefully { _ in }
        readers.shutdownGracefully { _ in }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await readers.runIfActive { try self.statement(body, retry: true) }
    }

    func writeStatement<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        // Not run again on a dropped connection: it may have run.
        try await readers.runIfActive { try self.statement(body, retry: false) }
    }

    func snapshot<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await readers.runIfActive {
            try self.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", serialized: false, body)
        }
    }

    /// One statement outside a transaction; a read is run again on a fresh connection when the server
    /// had dropped the first.
    private func statement<T>(_ body: (any SQLConnection) throws -> T, retry: Bool) throws -> T {
        let (sql, result) = try leased(statements: 1, retry: retry, body)
        pool.releaseConnection(sql.connection, logger: logger)
        return result
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await writer.runIfActive { try self.writeTransaction(body) }
    }

    /// Blocks its thread: run on the writer thread, or before the store is handed out (migrations).
    private func writeTransaction<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        // READ COMMITTED whatever the database's default: each statement after the lock sees what the
        // previous writer committed.
        try transaction("BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE", serialized: true, body)
    }

    func appliedMigrations() async throws -> [String] {
        try await read { try $0.values("SELECT identifier FROM schemaMigration ORDER BY seq") }
    }

    private func transaction<T>(_ begin: String, serialized: Bool, _ body: (any SQLConnection) throws -> T) throws -> T
    {
        let (sql, _) = try leased(retry: true) { try $0.execute(begin) }
        defer { pool.releaseConnection(sql.connection, logger: logger) }
        do {
            if serialized { try sql.execute("SELECT pg_advisory_xact_lock(?)", [Self.writeLock]) }
            let result = try body(sql)
            try sql.execute("COMMIT")
            return result
        } catch {
            // A connection whose transaction cannot be ended is closed, never handed to the next caller.
            if (try? sql.execute("ROLLBACK")) == nil { sql.close() }
            throw error
        }
    }

    /// A pooled connection, after `first` ran its first statement on it; the caller releases it. A
    /// connection the server has dropped since its last use (a restart, a terminated backend) fails that
    /// statement before it ran: it is closed and, when `retry`, a fresh one tried once.
    private func leased<T>(statements: Int? = nil, retry: Bool, _ first: (PostgresSQLConnection) throws -> T) throws
        -> (PostgresSQLConnection, T)
    {
        let connection: PostgresConnection
        do {
            connection = try pool.requestConnection(logger: logger).wait()
        } catch {
            throw StoreError.unavailable(location: location, reason: Self.describe(error))
        }
        let sql = PostgresSQLConnection(
            connection: connection, location: location, logger: logger, statements: statements)
        do {
            return (sql, try first(sql))
        } catch StoreError.unavailable(let location, let reason) {
            sql.close()
            pool.releaseConnection(connection, logger: logger)
            guard retry else { throw StoreError.unavailable(location: location, reason: reason) }
            return try leased(statements: statements, retry: false, first)
        } catch {
            pool.releaseConnection(connection, logger: logger)
            throw error
        }
    }

    /// Applies the migrations not applied yet, in one write transaction: processes starting together
    /// wait for the first, then find nothing left to do.
    private func migrate() throws {
        try writeTransaction { db in
            try db.execute(
                """
                CREATE TABLE IF NOT EXISTS schemaMigration (
                    seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, identifier text NOT NULL UNIQUE,
                    appliedAt text NOT NULL)
                """)
            let applied = Set(try db.values("SELECT identifier FROM schemaMigration", as: String.self))
            for migration in PostgresSchema.migrations where !applied.contains(migration.identifier) {
                for statement in migration.statements { try db.execute(statement) }
                try db.execute(
                    "INSERT INTO schemaMigration (identifier, appliedAt) VALUES (?, ?)",
                    [migration.identifier, Store.now()])
            }
        }
    }

    private static func configuration(_ url: String) throws -> SQLPostgresConfiguration {
        let form =
            "not a URL like postgres://user:password@host:port/database (characters such as # / ? @ in the password are written %23 %2F %3F %40)"
        guard var components = URLComponents(string: url), components.host?.isEmpty == false, components.user != nil
        else {
            throw StoreLocationError(form)
        }
        let query = components.queryItems ?? []
        func parameter(_ name: String) -> String? { query.last { $0.name == name }?.value }
        let known: Set = ["sslmode", "sslrootcert"]
        if let unknown = query.first(where: { !known.contains($0.name) }) {
            throw StoreLocationError("unknown parameter \"\(unknown.name)\" (known: sslmode, sslrootcert)")
        }
        components.queryItems = nil
        // PostgresKit's errors carry the whole URL, password included: they are not passed on.
        guard let plain = components.string, var configuration = try? SQLPostgresConfiguration(url: plain) else {
            throw StoreLocationError(form)
        }
        configuration.coreConfiguration.tls = try tls(
            mode: parameter("sslmode"), rootCertificate: parameter("sslrootcert"))
        // As SQLite's busy timeout: a writer waits this long for another, then fails. A process that stops
        // inside a transaction (frozen, not killed) loses it, and its locks, after a minute.
        configuration.coreConfiguration.options.additionalStartupParameters = [
            ("application_name", "socreport"),
            ("lock_timeout", "\(Int(Store.busyTimeout))s"),
            ("idle_in_transaction_session_timeout", "60s"),
            ("statement_timeout", "\(statementTimeout)s"),
            // The store's rules assume it, for statements outside a transaction too, whatever the database's default.
            ("default_transaction_isolation", "read committed"),
        ]
        return configuration
    }

    /// libpq's meaning of `sslmode`: `require` encrypts, checking the certificate only against a given
    /// `sslrootcert`; `verify-ca` checks the chain; `verify-full` the chain and the host name.
    private static func tls(mode: String?, rootCertificate: String?) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let rootCertificate {
            guard FileManager.default.isReadableFile(atPath: rootCertificate) else {
                throw StoreLocationError("sslrootcert \(rootCertificate) cannot be read")
            }
            tls.trustRoots = .file(rootCertificate)
        }
        switch mode {
        case nil, "disable":
            guard rootCertificate == nil else {
                throw StoreLocationError("sslrootcert needs sslmode=require, verify-ca or verify-full")
            }
            return .disable
        case "require":
            tls.certificateVerification = rootCertificate == nil ? .none : .noHostnameVerification
        case "verify-ca":
            tls.certificateVerification = .noHostnameVerification
        case "verify-full":
            tls.certificateVerification = .fullVerification
        case let other?:
            throw StoreLocationError("sslmode \"\(other)\" is not one of disable, require, verify-ca, verify-full")
        }
        return .require(try NIOSSLContext(configuration: tls))
    }

    /// The URL without its password; one that cannot be read is not shown at all, as it may hold one.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "postgres://(an unreadable URL)" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "postgres://(an unreadable URL)"
    }

    /// The store's error for what postgres-nio threw: `unavailable` when the server could not be reached
    /// or gave up on the connection or the wait (the same call may succeed later), `query` when it refused
    /// the statement.
    static func storeError(_ error: any Error, location: String) -> StoreError {
        if let error = error as? PSQLError, let state = error.serverInfo?[.sqlState],
            !["08", "53", "57"].contains(String(state.prefix(2))), state != "55P03"
        {
            return .query(describe(error))
        }
        return .unavailable(location: location, reason: describe(error))
    }

    /// postgres-nio keeps the server's message out of its errors' descriptions, to keep data out of logs;
    /// the operator needs it.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return [error.serverInfo?[.sqlState].map { "SQLSTATE \($0)" }, message].compactMap { $0 }.joined(
                separator: ": ")
        }
        return error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
    }
}

/// A leased connection inside one transaction, or for one statement.
private final class PostgresSQLConnection: SQLConnection {
    let connection: PostgresConnection
    let location: String
    let logger: Logger
    /// How many more statements may run, when limited.
    private var statements: Int?

    init(connection: PostgresConnection, location: String, logger: Logger, statements: Int? = nil) {
        self.connection = connection
        self.location = location
        self.logger = logger
        self.statements = statements
    }

    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLArgument] = []) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func rows(_ sql: String, _ arguments: [any SQLArgument]) throws -> [SQLRow] {
        try run(sql, arguments).rows.map { row in
            SQLRow(try row.map { cell in (cell.columnName, try Self.value(cell)) })
        }
    }

    private func run(_ sql: String, _ arguments: [any SQLArgument]) throws -> PostgresQueryResult {
        if let left = statements {
            guard left > 0 else {
                throw StoreError.query("a read of more than one statement outside a snapshot: \(sql)")
            }
            statements = left - 1
        }
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument.sqlValue {
            case .null: binds.appendNull()
            case .integer(let number): binds.append(Int(number))
            case .real(let number): binds.append(number)
            case .text(let text): binds.append(StoredText.escaped(text))
            case .blob(let bytes): binds.append(ByteBuffer(bytes: bytes))
            }
        }
        let answer: PostgresQueryResult?
        do {
            answer = try connection.query(PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds), logger: logger)
                .wait(atMost: PostgresDatabase.deadline)
        } catch {
            throw PostgresDatabase.storeError(error, location: location)
        }
        guard let answer else {
            close()
            throw StoreError.unavailable(
                location: location,
                reason: "no answer within \(PostgresDatabase.deadline.nanoseconds / 1_000_000_000) s")
        }
        return answer
    }

    /// Closes the connection before it goes back to the pool, which then never hands it out again.
    func close() {
        _ = try? connection.close().wait(atMost: .seconds(5))
    }

    private static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        do {
            switch cell.dataType {
            case .int2, .int4, .int8: return .integer(Int64(try cell.decode(Int.self)))
            case .float4, .float8: return .real(try cell.decode(Double.self))
            case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .bytea: return .blob(Array(buffer: try cell.decode(ByteBuffer.self)))
            default: return .text(StoredText.unescaped(try cell.decode(String.self)))
            }
        } catch {
            throw StoreError.damaged("column \(cell.columnName) of type \(cell.dataType): \(error)")
        }
    }

    /// The store writes `?` placeholders; PostgreSQL numbers them. No query of the store has a `?`
    /// inside a quoted literal, but literals are skipped all the same.
    static func numbered(_ sql: String) -> String {
        var result = "", number = 0, quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}

extension EventLoopFuture where Value: Sendable {
    /// `wait()` with a deadline: nil when it passed first.
    func wait(atMost timeout: TimeAmount) throws -> Value? {
        let done = DispatchSemaphore(value: 0)
        let outcome = NIOLockedValueBox<Result<Value, any Error>?>(nil)
        whenComplete { result in
            outcome.withLockedValue { $0 = result }
            done.signal()
        }
        guard done.wait(timeout: .now() + .nanoseconds(Int(timeout.nanoseconds))) == .success else { return nil }
        return try outcome.withLockedValue { $0 }?.get()
    }
}
