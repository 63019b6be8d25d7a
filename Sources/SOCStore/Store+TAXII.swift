import Foundation

/// One version of a STIX object a published bundle holds, to index for TAXII.
public struct TAXIIObject: Sendable, Equatable {
    public var id: String
    public var type: String
    /// `modified` (`created` for an object that has none) as written, and in microseconds since 1970.
    public var version: String
    public var versionMicros: Int64
    /// The TLP 2.0 marking the object carries: "clear", "green", "amber", "amber+strict" or "red".
    public var tlp: String
    /// The object's JSON.
    public var json: String

    public init(id: String, type: String, version: String, versionMicros: Int64, tlp: String, json: String) {
        self.id = id
        self.type = type
        self.version = version
        self.versionMicros = versionMicros
        self.tlp = tlp
        self.json = json
    }
}

/// One indexed version as TAXII serves it.
public struct TAXIIEntry: Sendable, Equatable {
    public var id: String
    public var type: String
    public var version: String
    /// TAXII's `date_added`, in microseconds since 1970; unique within a tenant.
    public var addedMicros: Int64
    public var json: String
}

/// Which of a tenant's indexed versions to read: TAXII's filters, already parsed.
public struct TAXIIQuery: Sendable {
    public enum Version: Sendable, Hashable {
        case first, last, all
        /// The version whose `modified` is this, in microseconds since 1970.
        case at(Int64)
    }

    /// Any id when empty.
    public var objectIDs: [String] = []
    /// Any type when empty.
    public var types: [String] = []
    /// A version is read when it matches any of these (among the versions the key may see).
    public var versions: Set<Version> = [.last]
    /// Only versions added after this (microseconds since 1970).
    public var addedAfter: Int64?
    public var limit: Int
    /// Whether versions marked TLP:RED are read.
    public var allowRed: Bool

    public init(limit: Int, allowRed: Bool) {
        self.limit = limit
        self.allowRed = allowRed
    }
}

/// Up to `limit` versions in the order they were added, and whether more follow.
public struct TAXIIPage: Sendable {
    public var entries: [TAXIIEntry]
    public var more: Bool

    public static let empty = TAXIIPage(entries: [], more: false)
}

extension Store {
    /// The tenant's name, nil when the store does not know it: every TAXII request checks its tenant,
    /// without decoding the tenant's document.
    public func tenantName(_ id: String) async throws -> String? {
        try await database.read { try $0.value("SELECT name FROM tenant WHERE id = ?", [id], as: String.self) }
    }

    /// The versions of a tenant's STIX objects `query` selects, oldest addition first: one statement on an
    /// index of (tenant, date added), so a poll with nothing new reads no object.
    public func taxiiObjects(tenantID: String, _ query: TAXIIQuery) async throws -> TAXIIPage {
        let visible = query.allowRed ? "" : " AND tlp <> 'red'"
        var sql = "SELECT objectId, type, version, addedMicros, object FROM taxiiObject o WHERE tenantId = ?\(visible)"
        var arguments: [any SQLArgument] = [tenantID]
        if let after = query.addedAfter {
            sql += " AND addedMicros > ?"
            arguments.append(after)
        }
        if !query.objectIDs.isEmpty {
            sql += " AND objectId IN (\(placeholders(query.objectIDs.count)))"
            arguments += query.objectIDs as [any SQLArgument]
        }
        if !query.types.isEmpty {
            sql += " AND type IN (\(placeholders(query.types.count)))"
            arguments += query.types as [any SQLArgument]
        }
        if !query.versions.contains(.all) {
            // First and last among the versions the key may see, so a key without TLP:RED still gets the
            // latest version it may read.
            func extreme(_ function: String) -> String {
                "versionMicros = (SELECT \(function)(p.versionMicros) FROM taxiiObject p WHERE p.tenantId = o.tenantId AND p.objectId = o.objectId\(visible.replacingOccurrences(of: "tlp", with: "p.tlp")))"
            }
            var alternatives: [String] = []
            if query.versions.contains(.first) { alternatives.append(extreme("min")) }
            if query.versions.contains(.last) { alternatives.append(extreme("max")) }
            let times = query.versions.compactMap { if case .at(let micros) = $0 { micros } else { nil } }
            if !times.isEmpty {
                alternatives.append("versionMicros IN (\(placeholders(times.count)))")
                arguments += times as [any SQLArgument]
            }
            sql += " AND (\(alternatives.joined(separator: " OR ")))"
        }
        sql += " ORDER BY addedMicros LIMIT ?"
        arguments.append(query.limit + 1)
        let statement = sql, bound = arguments
        let rows = try await database.read { db in try db.rows(statement, bound) }
        let entries = try rows.prefix(query.limit).map { row in
            TAXIIEntry(
                id: try row.get("objectId"), type: try row.get("type"), version: try row.get("version"),
                addedMicros: try row.get("addedMicros"), json: try row.get("object"))
        }
        return TAXIIPage(entries: entries, more: rows.count > query.limit)
    }

    /// Indexes the objects of a bundle just published, inside the transaction recording it. A version
    /// indexed before with the same JSON keeps its date added (every bundle repeats the identity and the
    /// marking definitions); a new version, or one whose JSON changed (a month's indicator naming one
    /// more incident), is added now. Dates added only grow within a tenant, one microsecond apart, as
    /// writers take turns: a client that asks for what was added after the last date it saw misses nothing.
    func index(_ objects: [TAXIIObject], tenantID: String, _ db: any SQLConnection) throws {
        // The last of any version given twice: one statement cannot add a row twice.
        var seen = Set<String>()
        let unique = objects.reversed().filter { seen.insert("\($0.id) \($0.versionMicros)").inserted }.reversed()
        var stored: [String: String] = [:]
        let ids = Array(Set(objects.map(\.id)))
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
            for row in try db.rows(
                "SELECT objectId, versionMicros, object FROM taxiiObject WHERE tenantId = ? AND objectId IN (\(placeholders(chunk.count)))",
                [tenantID] + chunk.map { $0 as any SQLArgument })
            {
                stored["\(try row.get("objectId", as: String.self)) \(try row.get("versionMicros", as: Int64.self))"] =
                    try row.get("object")
            }
        }
        let changed = unique.filter { stored["\($0.id) \($0.versionMicros)"] != $0.json }
        guard !changed.isEmpty else { return }
        let last =
            try db.value("SELECT max(addedMicros) FROM taxiiObject WHERE tenantId = ?", [tenantID], as: Int64.self) ?? 0
        let first = max(Int64(Date().timeIntervalSince1970 * 1_000_000), last + 1)
        let columns = "tenantId, objectId, version, versionMicros, type, tlp, object, addedMicros"
        for start in stride(from: 0, to: changed.count, by: 50) {
            let chunk = changed[start..<min(start + 50, changed.count)]
            let rows = Array(repeating: "(\(placeholders(8)))", count: chunk.count).joined(separator: ", ")
            try db.execute(
                """
                INSERT INTO taxiiObject (\(columns)) VALUES \(rows)
                ON CONFLICT (tenantId, objectId, versionMicros) DO UPDATE SET version = excluded.version, type = excluded.type,
                    tlp = excluded.tlp, object = excluded.object, addedMicros = excluded.addedMicros
                """,
                chunk.enumerated().flatMap { offset, object -> [any SQLArgument] in
                    [
                        tenantID, object.id, object.version, object.versionMicros, object.type, object.tlp, object.json,
                        first + Int64(start + offset),
                    ]
                })
        }
    }
}
