import Foundation
import GRDB
import PostgresTestSupport
import SOCStore
import Testing

/// The two stores run the same SQL, so their schemas must agree: after every migration, each table has the
/// same columns (name, kind of type, NULL or not), primary key, unique constraints and indexes, and
/// foreign keys on both. Names are compared in lower case (PostgreSQL folds unquoted names); SQLite's
/// NOCASE collation on an index column reads as PostgreSQL's `lower(column)`, the same rule.
@Suite struct SchemaParityTests {
    @Test func sqliteAndPostgreSQLHaveTheSameTablesColumnsAndIndexes() async throws {
        let (lite, pg) = try Self.migratedSchemas()
        #expect(lite.keys.count >= 15, "\(lite.keys.sorted())")
        let differences = Self.differences(lite, pg)
        #expect(differences.isEmpty, "\n\(differences.joined(separator: "\n"))")
    }

    /// The comparison sees each kind of drift: a column's NULL, a missing index, a foreign key's ON DELETE.
    @Test func aDriftedSchemaIsReportedLineByLine() async throws {
        let sqlite = try TestDatabase(.sqlite), postgres = try TestDatabase(.postgres)
        _ = try sqlite.open()
        _ = try postgres.open()
        _ = try TestPostgres.psql(
            postgres.location,
            """
            ALTER TABLE apiKey ALTER COLUMN scopes DROP NOT NULL;
            DROP INDEX mail_by_due;
            ALTER TABLE portalSession DROP CONSTRAINT portalsession_userid_fkey, ADD FOREIGN KEY (userId) REFERENCES portalUser
            """)
        #expect(
            Self.differences(try Self.sqliteSchema(sqlite.location), try Self.postgresSchema(postgres.location)) == [
                "apikey: only on SQLite: column scopes text not null",
                "apikey: only on PostgreSQL: column scopes text",
                "mail: only on SQLite: index (state, nextattemptat)",
                "portalsession: only on SQLite: foreign key (userid) references portaluser on delete cascade",
                "portalsession: only on PostgreSQL: foreign key (userid) references portaluser on delete no action",
            ])
    }

    /// Both stores' schemas after every migration.
    static func migratedSchemas() throws -> (sqlite: [String: Set<String>], postgres: [String: Set<String>]) {
        let sqlite = try TestDatabase(.sqlite), postgres = try TestDatabase(.postgres)
        _ = try sqlite.open()
        _ = try postgres.open()
        return (try sqliteSchema(sqlite.location), try postgresSchema(postgres.location))
    }

    /// A line for each fact only one side has, by table.
    static func differences(_ sqlite: [String: Set<String>], _ postgres: [String: Set<String>]) -> [String] {
        Set(sqlite.keys).union(postgres.keys).sorted().flatMap { table in
            let a = sqlite[table] ?? [], b = postgres[table] ?? []
            return a.subtracting(b).sorted().map { "\(table): only on SQLite: \($0)" }
                + b.subtracting(a).sorted().map { "\(table): only on PostgreSQL: \($0)" }
        }
    }

    /// PostgreSQL's types by the SQLite type the same column is declared with.
    static let types = [
        "text": "text", "bigint": "integer", "double precision": "double", "bytea": "blob", "boolean": "boolean",
    ]

    /// Each table's facts, as lines such as "column tenantid text not null" or "unique (lower(email))".
    static func sqliteSchema(_ path: String) throws -> [String: Set<String>] {
        try DatabaseQueue(path: path).read { db in
            var schema: [String: Set<String>] = [:]
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
                    """)
            for table in tables {
                var facts: Set<String> = []
                let primaryKey = try db.primaryKey(table)
                for column in try db.columns(in: table) {
                    // An INTEGER PRIMARY KEY is the rowid: never NULL, whatever it declares.
                    let notNull = column.isNotNull || primaryKey.rowIDColumn == column.name
                    facts.insert(
                        "column \(column.name.lowercased()) \(column.type.lowercased())\(notNull ? " not null" : "")")
                }
                facts.insert("primary key (\(primaryKey.columns.map { $0.lowercased() }.joined(separator: ", ")))")
                for index in try db.indexes(on: table) where index.origin != .primaryKeyConstraint {
                    let keys = try Row.fetchAll(
                        db, sql: "SELECT name, coll FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno",
                        arguments: [index.name]
                    ).map { row -> String in
                        let name = (row["name"] as String? ?? "<expression>").lowercased()
                        return (row["coll"] as String?)?.uppercased() == "NOCASE" ? "lower(\(name))" : name
                    }
                    facts.insert("\(index.isUnique ? "unique" : "index") (\(keys.joined(separator: ", ")))")
                }
                for key in try Row.fetchAll(
                    db, sql: "SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq", arguments: [table])
                {
                    let from: String = key["from"], target: String = key["table"], onDelete: String = key["on_delete"]
                    facts.insert(
                        "foreign key (\(from.lowercased())) references \(target.lowercased()) on delete \(onDelete.lowercased())"
                    )
                }
                schema[table.lowercased()] = facts
            }
            return schema
        }
    }

    static func postgresSchema(_ url: String) throws -> [String: Set<String>] {
        var schema: [String: Set<String>] = [:]
        func rows(_ sql: String) throws -> [[String]] {
            try TestPostgres.psql(url, sql).split(separator: "\n").map {
                $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            }
        }
        let ours = "relnamespace = current_schema()::regnamespace"
        for row in try rows(
            """
            SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name != 'schemamigration'
            """)
        {
            let type = types[row[2]] ?? "postgresql \(row[2])"
            schema[row[0], default: []].insert("column \(row[1]) \(type)\(row[3] == "NO" ? " not null" : "")")
        }
        for row in try rows(
            """
            SELECT t.relname, ix.indisprimary, ix.indisunique,
                   (SELECT string_agg(pg_get_indexdef(ix.indexrelid, n, true), ', ' ORDER BY n) FROM generate_series(1, ix.indnkeyatts) n)
            FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid
            WHERE t.\(ours) AND t.relname != 'schemamigration'
            """)
        {
            let kind = row[1] == "t" ? "primary key" : row[2] == "t" ? "unique" : "index"
            schema[row[0], default: []].insert("\(kind) (\(row[3]))")
        }
        let deletes = ["a": "no action", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"]
        for row in try rows(
            """
            SELECT c.conrelid::regclass::text,
                   (SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum),
                   c.confrelid::regclass::text, c.confdeltype
            FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
            """)
        {
            schema[row[0], default: []].insert(
                "foreign key (\(row[1])) references \(row[2]) on delete \(deletes[row[3]] ?? row[3])")
        }
        return schema
    }
}
