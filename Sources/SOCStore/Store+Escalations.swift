import Foundation

/// A critical or serious revision whose mail the relay accepted, neither acknowledged nor escalated yet.
public struct Unacknowledged: Sendable, Equatable {
    public var tenantID: String
    public var incidentID: String
    public var revision: Int
    /// When the relay accepted its first mail.
    public var notifiedAt: String
}

/// Where an escalation's webhook delivery stands.
public enum WebhookState: String, Sendable, SQLArgument {
    case pending, sending, sent, failed
}

/// An escalated revision, with its webhook's delivery.
public struct EscalationRecord: Sendable, Equatable {
    public var tenantID: String
    public var incidentID: String
    public var revision: Int
    public var escalatedAt: String
    /// Nil when no webhook is configured.
    public var webhookState: WebhookState?
    public var webhookAttempts: Int
    public var webhookNextAt: Date?
    public var webhookAnswer: String?

    init(_ row: SQLRow) throws {
        tenantID = try row.get("tenantId")
        incidentID = try row.get("incidentId")
        revision = try row.get("revision")
        escalatedAt = try row.get("escalatedAt")
        let state: String? = try row.get("webhookState")
        webhookState = state.flatMap(WebhookState.init(rawValue:))
        webhookAttempts = try row.get("webhookAttempts")
        webhookNextAt = (try row.get("webhookNextAt") as Double?).map { Date(timeIntervalSince1970: $0) }
        webhookAnswer = try row.get("webhookAnswer")
    }
}

/// A webhook claimed for delivery: its revision, the attempt it is, and the body to send.
public struct ClaimedWebhook: Sendable {
    public var tenantID: String
    public var incidentID: String
    public var revision: Int
    public var attempt: Int
    public var payload: [UInt8]
}

/// How a telephone call went.
public enum CallOutcome: String, Sendable, SQLArgument, CaseIterable {
    case reached
    case noAnswer = "no-answer"
}

/// A telephone call staff made about a revision: who called whom, when, how it went.
public struct PhoneCall: Sendable, Equatable {
    public var tenantID: String
    public var incidentID: String
    public var revision: Int
    public var caller: String
    public var callee: String
    public var outcome: CallOutcome
    public var note: String?
    public var calledAt: String

    public init(
        tenantID: String, incidentID: String, revision: Int, caller: String, callee: String, outcome: CallOutcome,
        note: String?, calledAt: String
    ) {
        self.tenantID = tenantID; self.incidentID = incidentID; self.revision = revision; self.caller = caller
        self.callee = callee; self.outcome = outcome; self.note = note; self.calledAt = calledAt
    }

    init(_ row: SQLRow) throws {
        let outcome: String = try row.get("outcome")
        guard let known = CallOutcome(rawValue: outcome) else {
            throw StoreError.damaged("phone call with outcome \"\(outcome)\"")
        }
        self.init(
            tenantID: try row.get("tenantId"), incidentID: try row.get("incidentId"), revision: try row.get("revision"),
            caller: try row.get("caller"), callee: try row.get("callee"), outcome: known, note: try row.get("note"),
            calledAt: try row.get("calledAt"))
    }
}

extension Store {
    /// Critical and serious revisions whose first mail the relay accepted at `since` or later, with no
    /// acknowledgement and no escalation.
    public func unacknowledgedNotifications(since: Date) async throws -> [Unacknowledged] {
        try await database.read { db in
            try db.rows(
                """
                SELECT m.tenantId, m.incidentId, m.revision, MIN(m.sentAt) AS notifiedAt FROM mail m
                WHERE m.kind = 'notification' AND m.state = 'sent' AND m.severity IN ('critical', 'serious')
                  AND NOT EXISTS (SELECT 1 FROM acknowledgement a
                                  WHERE a.tenantId = m.tenantId AND a.incidentId = m.incidentId AND a.revision = m.revision)
                  AND NOT EXISTS (SELECT 1 FROM escalation e
                                  WHERE e.tenantId = m.tenantId AND e.incidentId = m.incidentId AND e.revision = m.revision)
                GROUP BY m.tenantId, m.incidentId, m.revision HAVING MIN(m.sentAt) >= ? ORDER BY notifiedAt
                """, [Self.utc(since)]
            ).map { row in
                Unacknowledged(
                    tenantID: try row.get("tenantId"), incidentID: try row.get("incidentId"),
                    revision: try row.get("revision"),
                    notifiedAt: try row.get("notifiedAt"))
            }
        }
    }

    /// Escalates a revision once: the escalation's row is the claim (of two processes only the first inserts it),
    /// and its mails are queued and its webhook made due in the same transaction. Returns whether this call escalated.
    public func escalate(
        tenantID: String, incidentID: String, revision: Int, at date: Date, mails: [NewMail], payload: [UInt8],
        webhook: Bool
    ) async throws -> Bool {
        try await database.write { [self] db in
            let claimed = try db.execute(
                """
                INSERT INTO escalation (tenantId, incidentId, revision, escalatedAt, webhookState, webhookNextAt, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """,
                [
                    tenantID, incidentID, revision, Self.utc(date), webhook ? WebhookState.pending : nil,
                    webhook ? date.timeIntervalSince1970 : nil, payload,
                ])
            guard claimed == 1 else { return false }
            try queue(mails, db)
            return true
        }
    }

    /// Claims the webhooks due at `now` (and those whose deliverer's lease ran out) until `now + lease`.
    public func claimDueWebhooks(now: Date = Date(), lease: TimeInterval, limit: Int = 20) async throws
        -> [ClaimedWebhook]
    {
        try await database.write { db in
            let t = now.timeIntervalSince1970
            let due =
                "((webhookState = 'pending' AND webhookNextAt <= ?) OR (webhookState = 'sending' AND webhookLeaseUntil <= ?))"
            return try db.rows("SELECT * FROM escalation WHERE \(due) ORDER BY webhookNextAt LIMIT ?", [t, t, limit])
                .compactMap { row in
                    let key: [any SQLArgument] = [
                        try row.get("tenantId") as String, try row.get("incidentId") as String,
                        try row.get("revision") as Int,
                    ]
                    // Only one of two claimers changes the row: the other finds it no longer due.
                    guard
                        try db.execute(
                            """
                            UPDATE escalation SET webhookState = 'sending', webhookLeaseUntil = ?, webhookAttempts = webhookAttempts + 1
                            WHERE tenantId = ? AND incidentId = ? AND revision = ? AND \(due)
                            """, [t + lease] + key + [t, t]) == 1
                    else { return nil }
                    return ClaimedWebhook(
                        tenantID: try row.get("tenantId"), incidentID: try row.get("incidentId"),
                        revision: try row.get("revision"),
                        attempt: (try row.get("webhookAttempts") as Int) + 1, payload: try row.get("payload"))
                }
        }
    }

    /// Records a webhook attempt's answer: `state` sent or failed, or pending again until `next`. Only the
    /// claim's own attempt is recorded: a late deliverer never undoes a later one's answer.
    public func markWebhook(_ claim: ClaimedWebhook, state: WebhookState, answer: String, next: Date? = nil)
        async throws
    {
        try await database.write { db in
            try db.execute(
                """
                UPDATE escalation SET webhookState = ?, webhookAnswer = ?, webhookNextAt = coalesce(?, webhookNextAt), webhookLeaseUntil = NULL
                WHERE tenantId = ? AND incidentId = ? AND revision = ? AND webhookState = 'sending' AND webhookAttempts = ?
                """,
                [
                    state, answer, next?.timeIntervalSince1970, claim.tenantID, claim.incidentID, claim.revision,
                    claim.attempt,
                ])
        }
    }

    /// Every escalation, oldest first.
    public func escalations() async throws -> [EscalationRecord] {
        try await database.read { db in
            try db.rows("SELECT * FROM escalation ORDER BY escalatedAt, tenantId, incidentId, revision", []).map(
                EscalationRecord.init)
        }
    }

    /// Records a call about a revision the store holds; false (nothing recorded) when it holds no such revision.
    public func recordCall(_ call: PhoneCall) async throws -> Bool {
        try await database.write { db in
            guard
                try db.value(
                    "SELECT EXISTS (SELECT 1 FROM incident WHERE tenantId = ? AND id = ? AND revision = ?)",
                    [call.tenantID, call.incidentID, call.revision], as: Bool.self) == true
            else { return false }
            try db.execute(
                """
                INSERT INTO phoneCall (tenantId, incidentId, revision, caller, callee, outcome, note, calledAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    call.tenantID, call.incidentID, call.revision, call.caller, call.callee, call.outcome, call.note,
                    call.calledAt,
                ])
            return true
        }
    }

    /// An incident's calls, every revision, first first.
    public func calls(tenantID: String, incidentID: String) async throws -> [PhoneCall] {
        try await database.read { db in
            try db.rows(
                "SELECT * FROM phoneCall WHERE tenantId = ? AND incidentId = ? ORDER BY calledAt, id",
                [tenantID, incidentID]
            ).map(PhoneCall.init)
        }
    }
}
