import Foundation
import SOCModel

/// Where a queued mail stands.
public enum MailState: String, Sendable, CaseIterable, SQLArgument {
    /// Waiting for its next attempt.
    case queued
    /// Claimed by a deliverer until its lease runs out.
    case sending
    /// Accepted by the relay.
    case sent
    /// Refused for good (a 5xx answer, or too many attempts); `mail retry` queues it again.
    case failed
}

/// What a queued mail is for: each kind goes to a recipient at most once per incident revision, so an address
/// that is both a normal and an escalation contact gets the notification and, later, the escalation.
public enum MailKind: String, Sendable, CaseIterable, SQLArgument {
    case notification
    case escalation
}

/// A message to put in the queue, for one recipient.
public struct NewMail: Sendable {
    public var kind: MailKind
    public var tenantID: String
    public var incidentID: String
    public var revision: Int
    public var severity: String
    public var sender: String
    public var recipient: String
    public var subject: String
    public var message: [UInt8]

    public init(
        kind: MailKind = .notification, tenantID: String, incidentID: String, revision: Int, severity: String,
        sender: String,
        recipient: String, subject: String, message: [UInt8]
    ) {
        self.kind = kind
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
    public var kind: MailKind
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

    init(_ row: SQLRow) throws {
        id = try row.get("id")
        let kind: String = try row.get("kind")
        guard let kind = MailKind(rawValue: kind) else { throw StoreError.damaged("mail \(id) of kind \"\(kind)\"") }
        self.kind = kind
        tenantID = try row.get("tenantId")
        incidentID = try row.get("incidentId")
        revision = try row.get("revision")
        severity = try row.get("severity")
        sender = try row.get("sender")
        recipient = try row.get("recipient")
        subject = try row.get("subject")
        let state: String = try row.get("state")
        guard let state = MailState(rawValue: state) else {
            throw StoreError.damaged("mail \(id) in state \"\(state)\"")
        }
        self.state = state
        attempts = try row.get("attempts")
        lastAnswer = try row.get("lastAnswer")
        nextAttemptAt = Date(timeIntervalSince1970: try row.get("nextAttemptAt"))
        queuedAt = try row.get("queuedAt")
        sentAt = try row.get("sentAt")
    }
}

/// A mail claimed for sending, with its message.
public struct ClaimedMail: Sendable {
    public var mail: QueuedMail
    public var message: [UInt8]
}

extension Store {
    /// Queues mails inside the caller's transaction (see `recordPublications`). A mail of the same kind already
    /// queued for the same recipient and revision is kept as it is.
    func queue(_ mails: [NewMail], _ db: any SQLConnection) throws {
        let now = Self.now(), due = Date().timeIntervalSince1970
        for mail in mails {
            try db.execute(
                """
                INSERT INTO mail (kind, tenantId, incidentId, revision, severity, sender, recipient, subject, message,
                                  state, nextAttemptAt, queuedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
                ON CONFLICT DO NOTHING
                """,
                [
                    mail.kind, mail.tenantID, mail.incidentID, mail.revision, mail.severity, mail.sender,
                    mail.recipient,
                    mail.subject, mail.message, due, now,
                ])
        }
    }

    /// Whether the store has recorded publishing `path` into `tenantID`'s folder.
    public func hasPublication(tenantID: String, path: String) async throws -> Bool {
        try await database.read { db in
            try db.value(
                "SELECT EXISTS (SELECT 1 FROM publication WHERE tenantId = ? AND path = ?)", [tenantID, path],
                as: Bool.self) ?? false
        }
    }

    /// Claims the mails due at `now` — queued ones whose time has come, and ones left `sending` by a
    /// deliverer whose lease ran out (it crashed) — marking them `sending` until `now + lease`.
    public func claimDueMails(now: Date = Date(), lease: TimeInterval, limit: Int = 50, ids: [Int64]? = nil)
        async throws -> [ClaimedMail]
    {
        if ids?.isEmpty == true { return [] }
        return try await database.write { db in
            let t = now.timeIntervalSince1970
            var sql = """
                SELECT * FROM mail
                WHERE ((state = 'queued' AND nextAttemptAt <= ?) OR (state = 'sending' AND leaseUntil <= ?))
                """
            var arguments: [any SQLArgument] = [t, t]
            if let ids {
                sql += " AND id IN (\(placeholders(ids.count)))"
                arguments += ids
            }
            sql += " ORDER BY nextAttemptAt, id LIMIT ?"
            arguments.append(limit)
            return try db.rows(sql, arguments).map { row in
                var mail = try QueuedMail(row)
                try db.execute(
                    "UPDATE mail SET state = 'sending', leaseUntil = ?, attempts = attempts + 1 WHERE id = ?",
                    [t + lease, mail.id])
                mail.state = .sending
                mail.attempts += 1
                return ClaimedMail(mail: mail, message: try row.get("message"))
            }
        }
    }

    /// Extends to `until` the leases of the mails still `sending` under the claims given: a claim is the
    /// mail's id and its attempt, so a mail whose lease ran out and that another deliverer claimed again
    /// (its attempt is later) is never extended for the first. Returns the ids still held.
    public func renewMailLeases(_ claims: [(id: Int64, attempt: Int)], until: Date) async throws -> Set<Int64> {
        if claims.isEmpty { return [] }
        return try await database.write { db in
            var held: Set<Int64> = []
            for claim in claims
            where try db.execute(
                "UPDATE mail SET leaseUntil = ? WHERE id = ? AND attempts = ? AND state = 'sending'",
                [until.timeIntervalSince1970, claim.id, claim.attempt]) == 1
            {
                held.insert(claim.id)
            }
            return held
        }
    }

    // The marks below change only a mail still `sending`: a late deliverer never undoes a recorded answer.

    /// The relay accepted the mail: recorded with its answer in one write.
    public func markMailSent(_ id: Int64, answer: String, at date: Date = Date()) async throws {
        try await database.write { db in
            try db.execute(
                "UPDATE mail SET state = 'sent', lastAnswer = ?, sentAt = ?, leaseUntil = NULL WHERE id = ? AND state = 'sending'",
                [answer, Self.utc(date), id])
        }
    }

    /// A temporary failure: the mail waits until `next`.
    public func markMailDeferred(_ id: Int64, answer: String, next: Date) async throws {
        try await database.write { db in
            try db.execute(
                "UPDATE mail SET state = 'queued', lastAnswer = ?, nextAttemptAt = ?, leaseUntil = NULL WHERE id = ? AND state = 'sending'",
                [answer, next.timeIntervalSince1970, id])
        }
    }

    /// A final refusal.
    public func markMailFailed(_ id: Int64, answer: String) async throws {
        try await database.write { db in
            try db.execute(
                "UPDATE mail SET state = 'failed', lastAnswer = ?, leaseUntil = NULL WHERE id = ? AND state = 'sending'",
                [answer, id])
        }
    }

    /// Makes failed or waiting mails due now (all of them when `ids` is nil); sent mails stay sent.
    /// Returns how many were requeued.
    @discardableResult
    public func retryMails(ids: [Int64]?) async throws -> Int {
        if ids?.isEmpty == true { return 0 }
        return try await database.write { db in
            var sql = "UPDATE mail SET state = 'queued', nextAttemptAt = ? WHERE state IN ('queued', 'failed')"
            var arguments: [any SQLArgument] = [Date().timeIntervalSince1970]
            if let ids {
                sql += " AND id IN (\(placeholders(ids.count)))"
                arguments += ids
            }
            return try db.execute(sql, arguments)
        }
    }

    /// The queue, oldest first; only mails in `state` when given.
    public func mails(state: MailState? = nil, ids: [Int64]? = nil) async throws -> [QueuedMail] {
        if ids?.isEmpty == true { return [] }
        return try await database.read { db in
            var clauses: [String] = [], arguments: [any SQLArgument] = []
            if let state {
                clauses.append("state = ?")
                arguments.append(state)
            }
            if let ids {
                clauses.append("id IN (\(placeholders(ids.count)))")
                arguments += ids
            }
            let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return try db.rows("SELECT * FROM mail \(filter) ORDER BY id", arguments).map(QueuedMail.init)
        }
    }

    /// Mails by state, for the queue-depth gauge.
    public func mailCounts() async throws -> [MailState: Int] {
        try await database.read { db in
            var counts: [MailState: Int] = [:]
            for row in try db.rows("SELECT state, COUNT(*) AS n FROM mail GROUP BY state", []) {
                if let state = MailState(rawValue: try row.get("state")) { counts[state] = try row.get("n") }
            }
            return counts
        }
    }

    /// Seconds from the incident's determination to the relay accepting notification mail `id`, when that mail is
    /// the first of its revision the relay accepted (a later one, or an escalation mail, is not a notification time).
    public func firstNotificationDelay(mailID id: Int64) async throws -> Double? {
        try await database.read { db in
            guard
                let row = try db.row(
                    """
                    SELECT m.sentAt, i.determinedEpoch FROM mail m
                    JOIN incident i ON i.tenantId = m.tenantId AND i.id = m.incidentId AND i.revision = m.revision
                    WHERE m.id = ? AND m.kind = 'notification' AND m.state = 'sent' AND NOT EXISTS (
                        SELECT 1 FROM mail o WHERE o.tenantId = m.tenantId AND o.incidentId = m.incidentId AND o.revision = m.revision
                          AND o.kind = 'notification' AND o.state = 'sent' AND o.id <> m.id AND (o.sentAt < m.sentAt OR (o.sentAt = m.sentAt AND o.id < m.id)))
                    """, [id]), let sent = Timestamp(rfc3339: try row.get("sentAt"))
            else { return nil }
            return max(0, sent.date.timeIntervalSince1970 - (try row.get("determinedEpoch") as Double))
        }
    }

    /// Incident revisions whose mail the relay accepted and that nobody has acknowledged.
    public func revisionsAwaitingAcknowledgement() async throws -> Int {
        try await database.read { db in
            try db.value(
                """
                SELECT COUNT(*) FROM (SELECT DISTINCT m.tenantId, m.incidentId, m.revision FROM mail m
                  WHERE m.kind = 'notification' AND m.state = 'sent'
                  AND NOT EXISTS (SELECT 1 FROM acknowledgement a
                                  WHERE a.tenantId = m.tenantId AND a.incidentId = m.incidentId AND a.revision = m.revision)) x
                """, [], as: Int.self) ?? 0
        }
    }

    /// The system's notification time of an incident revision: when the relay accepted its first mail.
    public func notificationTime(tenantID: String, incidentID: String, revision: Int) async throws -> String? {
        try await database.read { db in
            try db.value(
                """
                SELECT MIN(sentAt) FROM mail WHERE tenantId = ? AND incidentId = ? AND revision = ? AND kind = 'notification' AND state = 'sent'
                """, [tenantID, incidentID, revision], as: String.self)
        }
    }
}
