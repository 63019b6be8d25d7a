import Foundation

/// A value the store's queries bind or read back: what both databases have in common.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A Swift value that binds to a query's `?`.
public protocol SQLArgument: Sendable {
    var sqlValue: SQLValue { get }
}

extension String: SQLArgument { public var sqlValue: SQLValue { .text(self) } }
extension Int: SQLArgument { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int64: SQLArgument { public var sqlValue: SQLValue { .integer(self) } }
extension Double: SQLArgument { public var sqlValue: SQLValue { .real(self) } }
extension Array: SQLArgument where Element == UInt8 { public var sqlValue: SQLValue { .blob(self) } }
extension Optional: SQLArgument where Wrapped: SQLArgument { public var sqlValue: SQLValue { self?.sqlValue ?? .null } }
extension SQLArgument where Self: RawRepresentable, RawValue == String {
    public var sqlValue: SQLValue { .text(rawValue) }
}

/// A Swift value a result column reads into; a column of another type is a damaged record, never a crash.
public protocol SQLColumnValue {
    init?(sqlValue: SQLValue)
}

extension String: SQLColumnValue {
    public init?(sqlValue: SQLValue) {
        guard case .text(let text) = sqlValue else { return nil }
        self = text
    }
}

extension Int64: SQLColumnValue {
    public init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .integer(let value): self = value
        case .real(let value) where value.rounded() == value && abs(value) < 0x1p63: self = Int64(value)
        default: return nil
        }
    }
}

extension Int: SQLColumnValue {
    public init?(sqlValue: SQLValue) {
        guard let value = Int64(sqlValue: sqlValue) else { return nil }
        self = Int(value)
    }
}

extension Double: SQLColumnValue {
    public init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: return nil
        }
    }
}

extension Bool: SQLColumnValue {
    /// SQLite has no boolean type: it answers 0 or 1 where PostgreSQL answers false or true.
    public init?(sqlValue: SQLValue) {
        guard let value = Int64(sqlValue: sqlValue) else { return nil }
        self = value != 0
    }
}

extension Array: SQLColumnValue where Element == UInt8 {
    public init?(sqlValue: SQLValue) {
        guard case .blob(let bytes) = sqlValue else { return nil }
        self = bytes
    }
}

extension Optional: SQLColumnValue where Wrapped: SQLColumnValue {
    public init?(sqlValue: SQLValue) {
        if sqlValue == .null {
            self = .none
        } else if let value = Wrapped(sqlValue: sqlValue) {
            self = .some(value)
        } else {
            return nil
        }
    }
}

/// One result row. Column names are matched without regard to case, as PostgreSQL folds unquoted
/// names to lower case where SQLite keeps them as written.
public struct SQLRow: Sendable {
    private var columns: [(name: String, value: SQLValue)]

    public init(_ columns: [(name: String, value: SQLValue)]) {
        self.columns = columns.map { ($0.name.lowercased(), $0.value) }
    }

    /// The column `name` as `T`; throws when the column is missing or of another type.
    public func get<T: SQLColumnValue>(_ name: String, as type: T.Type = T.self) throws -> T {
        let key = name.lowercased()
        return try convert(columns.first { $0.name == key }?.value ?? .null, name)
    }

    /// The first column as `T`, for queries that select one value.
    func first<T: SQLColumnValue>(as type: T.Type = T.self) throws -> T {
        try convert(columns.first?.value ?? .null, columns.first?.name ?? "(none)")
    }

    private func convert<T: SQLColumnValue>(_ value: SQLValue, _ name: String) throws -> T {
        guard let result = T(sqlValue: value) else {
            throw StoreError.damaged("column \(name) holds \(value), not \(T.self)")
        }
        return result
    }
}

/// A connection inside one transaction. Queries use `?` placeholders; each backend binds them its way.
public protocol SQLConnection {
    /// Runs a statement; answers how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLArgument]) throws -> Int
    func rows(_ sql: String, _ arguments: [any SQLArgument]) throws -> [SQLRow]
    /// `rows`, for a query a page runs on every request: its text is fixed at compile time, so a backend may keep
    /// it prepared (SQLite: GRDB's statement cache of each connection, which no built text can grow).
    func rows(kept sql: StaticString, _ arguments: [any SQLArgument]) throws -> [SQLRow]
}

extension SQLConnection {
    func rows(kept sql: StaticString, _ arguments: [any SQLArgument]) throws -> [SQLRow] {
        try rows(sql.description, arguments)
    }

    @discardableResult
    func execute(_ sql: String) throws -> Int { try execute(sql, []) }

    func row(_ sql: String, _ arguments: [any SQLArgument] = []) throws -> SQLRow? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row; nil when there is no row or the value is NULL.
    func value<T: SQLColumnValue>(_ sql: String, _ arguments: [any SQLArgument] = [], as type: T.Type = T.self) throws
        -> T?
    {
        guard let row = try rows(sql, arguments).first else { return nil }
        return try row.first(as: T?.self)
    }

    /// The first column of every row.
    func values<T: SQLColumnValue>(_ sql: String, _ arguments: [any SQLArgument] = [], as type: T.Type = T.self) throws
        -> [T]
    {
        try rows(sql, arguments).map { try $0.first(as: T.self) }
    }
}

/// What the store's queries run on: an embedded SQLite file or a PostgreSQL server. Writes are
/// transactions that never overlap with another writer's, on any machine; reads see one consistent state.
///
/// Asynchronous: a body runs on the database's own threads (GRDB's queues, the PostgreSQL store's
/// reader and writer threads), so a caller waiting for a lock or a slow server parks no thread of the
/// caller's, the server's cooperative threads included. Bodies themselves stay synchronous SQL.
public protocol StoreDatabase: Sendable {
    /// Where the database is, without any password, for messages.
    var location: String { get }
    /// Runs `body`, which reads with one statement (PostgreSQL refuses a second: use `snapshot`); one
    /// statement sees one state with no transaction around it, which saves round trips to a server.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// Runs `body`, which reads with several statements, in one transaction: they all see one state.
    func snapshot<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// Runs `body`, one writing statement, on its own: atomic by itself, a compare-and-set needs neither
    /// a transaction nor the writers' turn.
    @discardableResult
    func writeStatement<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// The identifiers of the schema migrations applied, oldest first.
    func appliedMigrations() async throws -> [String]
}

/// `?` placeholders inside a list: "?, ?, ?".
func placeholders(_ count: Int) -> String {
    Array(repeating: "?", count: count).joined(separator: ", ")
}

/// Valid documents may hold U+0000 in text, which neither database keeps as written: PostgreSQL refuses
/// it, and SQLite's text read through GRDB ends at it. Both backends store it as U+FFFF "0", and U+FFFF
/// itself as U+FFFF U+FFFF, so every string reads back as written and equal strings stay equal; only
/// strings holding either character sort differently than they would.
enum StoredText {
    static let mark: Unicode.Scalar = "\u{FFFF}"

    static func escaped(_ text: String) -> String {
        guard holds(text, nul: true) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{0}": result.append(contentsOf: [mark, "0"])
            case mark: result.append(contentsOf: [mark, mark])
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    static func unescaped(_ text: String) -> String {
        guard holds(text, nul: false) else { return text }
        var result = String.UnicodeScalarView(), pending = false
        for scalar in text.unicodeScalars {
            if pending {
                result.append(scalar == "0" ? "\u{0}" : scalar)
                pending = false
            } else if scalar == mark {
                pending = true
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Whether `text` holds U+FFFF (UTF-8 EF BF BF), or U+0000 when `nul`. Byte by byte, as this runs on
    /// every text bound or read, whole documents included: a scan by Character is an order slower.
    private static func holds(_ text: String, nul: Bool) -> Bool {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            if (nul && byte == 0) || (byte == 0xBF && previous == 0xBF && beforePrevious == 0xEF) { return true }
            beforePrevious = previous
            previous = byte
        }
        return false
    }
}
