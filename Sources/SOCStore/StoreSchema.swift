import GRDB
import SOCModel

/// The schema, as migrations applied in order. A store made by an earlier version gets the later
/// migrations when a later version opens it; a released migration is never edited, only followed.
enum StoreSchema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: documents and publications") { db in
            // `document` columns hold the canonical JSON of the validated document; the other columns
            // are what queries select and order by.
            try db.create(table: "tenant") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("language", .text).notNull()
                t.column("timeZone", .text).notNull()
                t.column("document", .text).notNull()
                t.column("storedAt", .text).notNull()
            }
            try db.create(table: "incident") { t in
                t.column("tenantId", .text).notNull().references("tenant")
                t.column("id", .text).notNull()
                t.column("revision", .integer).notNull()
                t.column("title", .text).notNull()
                t.column("severity", .text).notNull()
                t.column("threatType", .text).notNull()
                t.column("stage", .text).notNull()
                t.column("detectedAt", .text).notNull()
                t.column("determinedAt", .text).notNull()
                // Seconds since 1970 of `determinedAt`, for month ranges computed in the tenant's zone.
                t.column("determinedEpoch", .double).notNull()
                t.column("notifiedAt", .text)
                t.column("document", .text).notNull()
                t.column("storedAt", .text).notNull()
                t.primaryKey(["tenantId", "id", "revision"])
            }
            try db.create(index: "incident_by_time", on: "incident", columns: ["tenantId", "determinedEpoch"])
            try db.create(table: "metrics") { t in
                t.column("tenantId", .text).notNull().references("tenant")
                t.column("month", .text).notNull()
                t.column("document", .text).notNull()
                t.column("storedAt", .text).notNull()
                t.primaryKey(["tenantId", "month"])
            }
            try db.create(table: "notes") { t in
                t.column("tenantId", .text).notNull().references("tenant")
                t.column("month", .text).notNull()
                t.column("document", .text).notNull()
                t.column("storedAt", .text).notNull()
                t.primaryKey(["tenantId", "month"])
            }
            try db.create(table: "news") { t in
                t.primaryKey("month", .text)
                t.column("document", .text).notNull()
                t.column("storedAt", .text).notNull()
            }
            try db.create(table: "publication") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("tenantId", .text).notNull()
                t.column("portal", .text).notNull()
                t.column("path", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("documentId", .text).notNull()
                t.column("revision", .integer)
                t.column("month", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("sha256", .text).notNull()
                t.column("inputSha256", .text).notNull()
                t.column("renderer", .text).notNull()
                t.column("publishedAt", .text).notNull()
                t.column("command", .text).notNull()
            }
            try db.create(index: "publication_by_path", on: "publication", columns: ["tenantId", "path"])
        }
        migrator.registerMigration("v2: monthly claims", migrate: MonthlyClaim.createTable)
        registerAPIKeys(&migrator)
        registerMailQueue(&migrator)
        migrator.registerMigration("v5: incident TLP marking") { db in
            // A monthly report carries the most restricted marking of the incidents it lists.
            try db.alter(table: "incident") { t in
                t.add(column: "tlp", .text).notNull().defaults(to: Incident.defaultTLP.rawValue)
            }
            try db.execute(sql: "UPDATE incident SET tlp = coalesce(json_extract(document, '$.tlp'), ?)",
                           arguments: [Incident.defaultTLP.rawValue])
        }
        migrator.registerMigration("v6: portal users and sessions", migrate: PortalAccountsSchema.create)
        return migrator
    }()
}
