import Foundation
import GRDB
import SOCModel

extension StoreSchema {
    /// The notification mail queue: one row per recipient per incident revision, holding the complete
    /// message, so delivery needs neither the templates nor the report again.
    static func registerMailQueue(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4: mail queue") { db in
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
    }
}

/// Where a queued mail stands.
public enum MailState: String, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Waiting for its next attempt.
    case queued
    /// Claimed by a deliverer until its lease runs out.
    case sending
    /// Accepted by the relay.
    case sent
    /// Refused for good (a 5xx answer, or too many attempts); `mail retry` queues it again.
    case failed
}

/// A message to put in the queue, for one recipient.
public struct NewMail: Sendable {
    public var tenantID: String
    public var incidentID: String
    public var revision: Int
    public var severity: String
    public var sender: String
    public var recipient: String
    public var subject: String
    public var message: [UInt8]

    public init(tenantID: String, incidentID: String, revision: Int, severity: String, sender: String, recipient: String,
                subject: String, message: [UInt8]) {
        self.tenantID = tenantID
        self.incidentID = incidentID
        self.revision = revision
        self.severity = severity
        self.sender = sender
        self.recipient = recipient
        self.subject = subject
        self.message = message
    }
}

/// A row of the queue.
public struct QueuedMail: Sendable, Equatable {
    public var id: Int64
    public var tenantID: String
    public var incidentID: String
    public var revision: Int
    public var severity: String
    public var sender: String
    public var recipient: String
    public var subject: String
    public var state: MailState
    public var attempts: Int
    public var lastAnswer: String?
    public var nextAttemptAt: Date
    public var queuedAt: String
    public var sentAt: String?

    init(_ row: Row) {
        id = row["id"]
        tenantID = row["tenantId"]
        incidentID = row["incidentId"]
        revision = row["revision"]
        severity = row["severity"]
        sender = row["sender"]
        recipient = row["recipient"]
        subject = row["subject"]
        state = row["state"]
        attempts = row["attempts"]
        lastAnswer = row["lastAnswer"]
        nextAttemptAt = Date(timeIntervalSince1970: row["nextAttemptAt"])
        queuedAt = row["queuedAt"]
        sentAt = row["sentAt"]
    }
}

/// A mail claimed for sending, with its message.
public struct ClaimedMail: Sendable {
    public var mail: QueuedMail
    public var message: [UInt8]
}

extension Store {
    /// Queues notification mails inside the caller's transaction (see `recordPublications`). A mail already
    /// queued for the same recipient and revision is kept as it is.
    func queue(_ mails: [NewMail], _ db: Database) throws {
        let now = Self.now(), due = Date().timeIntervalSince1970
        for mail in mails {
            try db.execute(sql: """
                INSERT OR IGNORE INTO mail (tenantId, incidentId, revision, severity, sender, recipient, subject, message,
                                            state, nextAttemptAt, queuedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
                """, arguments: [mail.tenantID, mail.incidentID, mail.revision, mail.severity, mail.sender, mail.recipient,
                                 mail.subject, Data(mail.message), due, now])
        }
    }

    /// Whether the store has recorded publishing `path` into `tenantID`'s folder.
    public func hasPublication(tenantID: String, path: String) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM publication WHERE tenantId = ? AND path = ?)",
                              arguments: [tenantID, path]) ?? false
        }
    }

    /// Claims the mails due at `now` — queued ones whose time has come, and ones left `sending` by a
    /// deliverer whose lease ran out (it crashed) — marking them `sending` until `now + lease`.
    public func claimDueMails(now: Date = Date(), lease: TimeInterval, limit: Int = 50, ids: [Int64]? = nil) throws -> [ClaimedMail] {
        try pool.write { db in
            let t = now.timeIntervalSince1970
            var sql = """
                SELECT * FROM mail
                WHERE ((state = 'queued' AND nextAttemptAt <= ?) OR (state = 'sending' AND leaseUntil <= ?))
                """
            var arguments: StatementArguments = [t, t]
            if let ids {
                sql += " AND id IN (\(ids.map { _ in "?" }.joined(separator: ",")))"
                arguments += StatementArguments(ids)
            }
            sql += " ORDER BY nextAttemptAt, id LIMIT ?"
            arguments += [limit]
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            for row in rows {
                try db.execute(sql: "UPDATE mail SET state = 'sending', leaseUntil = ?, attempts = attempts + 1 WHERE id = ?",
                               arguments: [t + lease, row["id"] as Int64])
            }
            return rows.map { row in
                var mail = QueuedMail(row)
                mail.state = .sending
                mail.attempts += 1
                return ClaimedMail(mail: mail, message: Array(row["message"] as Data))
            }
        }
    }

    // The marks below change only a mail still `sending`: a late deliverer never undoes a recorded answer.

    /// The relay accepted the mail: recorded with its answer in one write.
    public func markMailSent(_ id: Int64, answer: String, at date: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE mail SET state = 'sent', lastAnswer = ?, sentAt = ?, leaseUntil = NULL WHERE id = ? AND state = 'sending'",
                           arguments: [answer, Self.utc(date), id])
        }
    }

    /// A temporary failure: the mail waits until `next`.
    public func markMailDeferred(_ id: Int64, answer: String, next: Date) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE mail SET state = 'queued', lastAnswer = ?, nextAttemptAt = ?, leaseUntil = NULL WHERE id = ? AND state = 'sending'",
                           arguments: [answer, next.timeIntervalSince1970, id])
        }
    }

    /// A final refusal.
    public func markMailFailed(_ id: Int64, answer: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE mail SET state = 'failed', lastAnswer = ?, leaseUntil = NULL WHERE id = ? AND state = 'sending'",
                           arguments: [answer, id])
        }
    }

    /// Makes failed or waiting mails due now (all of them when `ids` is nil); sent mails stay sent.
    /// Returns how many were requeued.
    @discardableResult
    public func retryMails(ids: [Int64]?) throws -> Int {
        try pool.write { db in
            var sql = "UPDATE mail SET state = 'queued', nextAttemptAt = ? WHERE state IN ('queued', 'failed')"
            var arguments: StatementArguments = [Date().timeIntervalSince1970]
            if let ids {
                sql += " AND id IN (\(ids.map { _ in "?" }.joined(separator: ",")))"
                arguments += StatementArguments(ids)
            }
            try db.execute(sql: sql, arguments: arguments)
            return db.changesCount
        }
    }

    /// The queue, oldest first; only mails in `state` when given.
    public func mails(state: MailState? = nil, ids: [Int64]? = nil) throws -> [QueuedMail] {
        try pool.read { db in
            var clauses: [String] = [], arguments: StatementArguments = []
            if let state {
                clauses.append("state = ?")
                arguments += [state]
            }
            if let ids {
                clauses.append("id IN (\(ids.map { _ in "?" }.joined(separator: ",")))")
                arguments += StatementArguments(ids)
            }
            let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: "SELECT * FROM mail \(filter) ORDER BY id", arguments: arguments).map(QueuedMail.init)
        }
    }

    /// Mails by state, for the queue-depth gauge.
    public func mailCounts() throws -> [MailState: Int] {
        try pool.read { db in
            var counts: [MailState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM mail GROUP BY state") {
                if let state = MailState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// The system's notification time of an incident revision: when the relay accepted its first mail.
    public func notificationTime(tenantID: String, incidentID: String, revision: Int) throws -> String? {
        try pool.read { db in
            try String.fetchOne(db, sql: """
                SELECT MIN(sentAt) FROM mail WHERE tenantId = ? AND incidentId = ? AND revision = ? AND state = 'sent'
                """, arguments: [tenantID, incidentID, revision])
        }
    }
}
