import GRDB
import SOCModel

/// The SQLite schema, as migrations applied in order. A store made by an earlier version gets the later
/// migrations when a later version opens it; a released migration is never edited, only followed.
/// `PostgresSchema` holds the same tables under the same migration names.
enum SQLiteSchema {
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
        migrator.registerMigration("v2: monthly claims") { db in
            try db.create(table: "monthlyClaim") { t in
                t.column("tenantId", .text).notNull()
                t.column("month", .text).notNull()
                t.column("owner", .text).notNull()
                t.column("expiresEpoch", .double).notNull()
                t.primaryKey(["tenantId", "month"])
            }
        }
        migrator.registerMigration("v3: API keys") { db in
            try db.create(table: "apiKey") { t in
                t.primaryKey("name", .text)
                t.column("sha256", .text).notNull().unique()
                // Space-separated scope names.
                t.column("scopes", .text).notNull()
                t.column("createdAt", .text).notNull()
                t.column("revokedAt", .text)
            }
        }
        migrator.registerMigration("v4: mail queue") { db in
            // One row per recipient per incident revision, holding the complete message, so delivery
            // needs neither the templates nor the report again.
            try db.create(table: "mail") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("tenantId", .text).notNull()
                t.column("incidentId", .text).notNull()
                t.column("revision", .integer).notNull()
                t.column("severity", .text).notNull()
                t.column("sender", .text).notNull()
                t.column("recipient", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("message", .blob).notNull()
                t.column("state", .text).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("lastAnswer", .text)
                // Seconds since 1970: when a queued mail is due, and until when a claimed one is being sent.
                t.column("nextAttemptAt", .double).notNull()
                t.column("leaseUntil", .double)
                t.column("queuedAt", .text).notNull()
                t.column("sentAt", .text)
                t.uniqueKey(["tenantId", "incidentId", "revision", "recipient"])
            }
            try db.create(index: "mail_by_due", on: "mail", columns: ["state", "nextAttemptAt"])
        }
        migrator.registerMigration("v5: incident TLP marking") { db in
            // A monthly report carries the most restricted marking of the incidents it lists.
            try db.alter(table: "incident") { t in
                t.add(column: "tlp", .text).notNull().defaults(to: Incident.defaultTLP.rawValue)
            }
            try db.execute(
                sql: "UPDATE incident SET tlp = coalesce(json_extract(document, '$.tlp'), ?)",
                arguments: [Incident.defaultTLP.rawValue])
        }
        migrator.registerMigration("v6: portal users and sessions") { db in
            try db.create(table: "portalUser") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("email", .text).notNull().unique().collate(.nocase)
                t.column("name", .text).notNull()
                // NULL for staff, who see every tenant.
                t.column("tenantId", .text).references("tenant")
                t.column("passwordHash", .text).notNull()
                t.column("disabled", .boolean).notNull().defaults(to: false)
                t.column("createdAt", .text).notNull()
            }
            try db.create(table: "portalSession") { t in
                // SHA-256 of the cookie's random id: a copy of the store does not sign anyone in.
                t.primaryKey("idHash", .text)
                t.column("userId", .integer).notNull().references("portalUser", onDelete: .cascade)
                t.column("csrfToken", .text).notNull()
                t.column("expiresEpoch", .double).notNull()
                t.column("createdAt", .text).notNull()
            }
            try db.create(table: "signinFailure") { t in
                // "email:…" or "client:…"; one row per failed attempt.
                t.column("key", .text).notNull()
                t.column("epoch", .double).notNull()
            }
            try db.create(index: "signinFailure_by_key", on: "signinFailure", columns: ["key", "epoch"])
        }
        migrator.registerMigration("v7: incident revision note") { db in
            // The portal lists revision notes without reading every document.
            try db.alter(table: "incident") { t in t.add(column: "revisionNote", .text) }
            try db.execute(sql: "UPDATE incident SET revisionNote = json_extract(document, '$.revisionNote')")
        }
        migrator.registerMigration("v8: tenant API keys and the TAXII index") { db in
            try db.alter(table: "apiKey") { t in
                // NULL for an operator's key, which sees every tenant.
                t.add(column: "tenantId", .text).references("tenant")
                t.add(column: "allowRed", .boolean).notNull().defaults(to: false)
            }
            // Every version of every STIX object published for a tenant, as TAXII serves it: a poll
            // reads this table only, never a bundle.
            try db.create(table: "taxiiObject") { t in
                t.column("tenantId", .text).notNull()
                t.column("objectId", .text).notNull()
                // `modified` (`created` when there is none) as written and in microseconds since 1970.
                t.column("version", .text).notNull()
                t.column("versionMicros", .integer).notNull()
                t.column("type", .text).notNull()
                t.column("tlp", .text).notNull()
                t.column("object", .text).notNull()
                // TAXII's date_added, in microseconds since 1970: unique per tenant, so it orders and pages.
                t.column("addedMicros", .integer).notNull()
                t.primaryKey(["tenantId", "objectId", "versionMicros"])
            }
            try db.create(
                index: "taxiiObject_by_added", on: "taxiiObject", columns: ["tenantId", "addedMicros"], unique: true)
        }
        migrator.registerMigration("v9: sign-in throttle") { db in
            // One row per key, counted before the password is checked (failure rows were counted after).
            try db.drop(table: "signinFailure")
            try db.create(table: "signinThrottle") { t in
                // "email:…" or "client:…".
                t.primaryKey("key", .text)
                t.column("windowStart", .double).notNull()
                t.column("windowSeconds", .double).notNull()
                t.column("attempts", .integer).notNull()
            }
        }
        migrator.registerMigration("v10: monthly runs") { db in
            // Runs started through the API, kept so that a restarted server resumes them.
            try db.create(table: "monthlyRun") { t in
                t.primaryKey("id", .text)
                t.column("month", .text).notNull()
                t.column("state", .text).notNull()
                t.column("startedAt", .text).notNull()
                t.column("finishedAt", .text)
                t.column("error", .text)
            }
            try db.create(table: "monthlyRunTenant") { t in
                t.column("runId", .text).notNull().references("monthlyRun", onDelete: .cascade)
                t.column("tenantId", .text).notNull()
                // NULL until the tenant is done.
                t.column("outcome", .text)
                t.column("reason", .text)
                t.primaryKey(["runId", "tenantId"])
            }
        }
        migrator.registerMigration("v11: staff roles") { db in
            // Staff are analysts or leads (who approve drafts); customers have none. Staff added before
            // roles existed are analysts.
            try db.alter(table: "portalUser") { t in t.add(column: "role", .text) }
            try db.execute(sql: "UPDATE portalUser SET role = 'analyst' WHERE tenantId IS NULL")
        }
        migrator.registerMigration("v12: drafts") { db in
            // Incident reports being written in the workbench: the document as JSON text, perhaps
            // incomplete, and the facts the staff home lists, taken from it on every save.
            try db.create(table: "draft") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("tenantId", .text).notNull().references("tenant")
                t.column("document", .text).notNull()
                t.column("incidentId", .text)
                t.column("revision", .integer)
                t.column("title", .text).notNull()
                t.column("severity", .text)
                t.column("determinedAt", .text)
                // NULL for a draft made through the API until an analyst first saves it.
                t.column("authorId", .integer).references("portalUser")
                t.column("version", .integer).notNull()
                t.column("state", .text).notNull()
                t.column("returnComment", .text)
                // Published by its author without approval ("publish now"), until a lead reviews it.
                t.column("reviewPending", .boolean).notNull().defaults(to: false)
                t.column("createdAt", .text).notNull()
                t.column("updatedAt", .text).notNull()
                t.column("publishedAt", .text)
            }
            try db.create(index: "draft_by_incident", on: "draft", columns: ["tenantId", "incidentId"])
            // Append-only: what was done to a draft, by whom, at which version.
            try db.create(table: "draftEvent") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("draftId", .integer).notNull().references("draft")
                t.column("action", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("comment", .text)
                t.column("recordedAt", .text).notNull()
            }
            try db.create(index: "draftEvent_by_draft", on: "draftEvent", columns: ["draftId", "seq"])
            // The contract field each column of a tenant's log exports fills, confirmed once by an analyst.
            try db.create(table: "logColumn") { t in
                t.column("tenantId", .text).notNull().references("tenant")
                t.column("header", .text).notNull()
                // "" for a column left out.
                t.column("field", .text).notNull()
                t.primaryKey(["tenantId", "header"])
            }
            // Recommendation texts leads add to the shipped library.
            try db.create(table: "recommendation") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("language", .text).notNull()
                t.column("threatType", .text).notNull()
                t.column("text", .text).notNull()
                t.column("addedBy", .text).notNull()
                t.column("addedAt", .text).notNull()
            }
        }
        migrator.registerMigration("v13: acknowledgements") { db in
            // One per recipient and revision, mailed in the notification: only its SHA-256 is kept.
            try db.create(table: "ackToken") { t in
                t.primaryKey("tokenHash", .text)
                t.column("tenantId", .text).notNull()
                t.column("incidentId", .text).notNull()
                t.column("revision", .integer).notNull()
                t.column("recipient", .text).notNull()
                t.column("expiresEpoch", .double).notNull()
                // Set once: a token acknowledges one time.
                t.column("usedAt", .text)
            }
            // Every acknowledgement of a revision, by a mail's link or the report page's button.
            try db.create(table: "acknowledgement") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("tenantId", .text).notNull()
                t.column("incidentId", .text).notNull()
                t.column("revision", .integer).notNull()
                t.column("who", .text).notNull()
                t.column("via", .text).notNull()
                t.column("acknowledgedAt", .text).notNull()
            }
            try db.create(
                index: "acknowledgement_by_revision", on: "acknowledgement",
                columns: ["tenantId", "incidentId", "revision"])
        }
        migrator.registerMigration("v14: escalations") { db in
            // One row per escalated revision: its primary key is the claim that makes the escalation happen once,
            // whichever process gets there first. The webhook's delivery is leased and retried like a mail.
            try db.create(table: "escalation") { t in
                t.column("tenantId", .text).notNull()
                t.column("incidentId", .text).notNull()
                t.column("revision", .integer).notNull()
                t.column("escalatedAt", .text).notNull()
                // NULL without a webhook; else pending, sending, sent or failed.
                t.column("webhookState", .text)
                t.column("webhookAttempts", .integer).notNull().defaults(to: 0)
                t.column("webhookNextAt", .double)
                t.column("webhookLeaseUntil", .double)
                t.column("webhookAnswer", .text)
                t.column("payload", .blob).notNull()
                t.primaryKey(["tenantId", "incidentId", "revision"])
            }
            // The telephone calls staff made about a revision.
            try db.create(table: "phoneCall") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("tenantId", .text).notNull()
                t.column("incidentId", .text).notNull()
                t.column("revision", .integer).notNull()
                t.column("caller", .text).notNull()
                t.column("callee", .text).notNull()
                t.column("outcome", .text).notNull()
                t.column("note", .text)
                t.column("calledAt", .text).notNull()
            }
            try db.create(
                index: "phoneCall_by_revision", on: "phoneCall", columns: ["tenantId", "incidentId", "revision"])
        }
        migrator.registerMigration("v15: mail kinds") { db in
            // A mail's kind joins its unique key, so an address that is both a normal and an escalation contact gets
            // both mails. SQLite cannot change a table's constraints: the table is made again, ids and all.
            try db.create(table: "mailWithKind") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("tenantId", .text).notNull()
                t.column("incidentId", .text).notNull()
                t.column("revision", .integer).notNull()
                t.column("severity", .text).notNull()
                t.column("sender", .text).notNull()
                t.column("recipient", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("message", .blob).notNull()
                t.column("state", .text).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("lastAnswer", .text)
                t.column("nextAttemptAt", .double).notNull()
                t.column("leaseUntil", .double)
                t.column("queuedAt", .text).notNull()
                t.column("sentAt", .text)
                // notification or escalation (MailKind).
                t.column("kind", .text).notNull().defaults(to: "notification")
                t.uniqueKey(["tenantId", "incidentId", "revision", "kind", "recipient"])
            }
            try db.execute(sql: "INSERT INTO mailWithKind SELECT *, 'notification' FROM mail")
            try db.drop(table: "mail")
            try db.rename(table: "mailWithKind", to: "mail")
            try db.create(index: "mail_by_due", on: "mail", columns: ["state", "nextAttemptAt"])
            // Before, an escalated revision's mails queued after its first ones were its escalation mails.
            try db.execute(
                sql: """
                    UPDATE mail SET kind = 'escalation' WHERE EXISTS (
                        SELECT 1 FROM escalation e WHERE e.tenantId = mail.tenantId AND e.incidentId = mail.incidentId AND e.revision = mail.revision)
                      AND queuedAt > (SELECT MIN(o.queuedAt) FROM mail o
                                      WHERE o.tenantId = mail.tenantId AND o.incidentId = mail.incidentId AND o.revision = mail.revision)
                    """)
        }
        migrator.registerMigration("v16: recommendation library log") { db in
            // Shipped texts a lead hid from the drafts' library, named by their words (they have no id).
            try db.create(table: "hiddenRecommendation") { t in
                t.column("language", .text).notNull()
                t.column("threatType", .text).notNull()
                t.column("text", .text).notNull()
                t.column("hiddenBy", .text).notNull()
                t.column("hiddenAt", .text).notNull()
                t.primaryKey(["language", "threatType", "text"])
            }
            // Append-only: every text added, edited, removed, hidden and shown again, by whom.
            try db.create(table: "recommendationEvent") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("action", .text).notNull()
                t.column("language", .text).notNull()
                t.column("threatType", .text).notNull()
                t.column("text", .text).notNull()
                t.column("previousText", .text)
                t.column("actor", .text).notNull()
                t.column("recordedAt", .text).notNull()
            }
        }
        return migrator
    }()
}
