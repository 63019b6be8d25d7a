import Foundation

/// An incident revision on the staff's operations board, with its mails and acknowledgements.
public struct BoardRevision: Sendable {
    public var tenantID: String
    public var tenantName: String
    public var incidentID: String
    public var revision: Int
    public var severity: String
    public var title: String
    public var determinedAt: String
    public var determinedEpoch: Double
    /// When the revision's report was first published.
    public var publishedAt: String
    /// One per recipient, oldest first.
    public var mails: [QueuedMail]
    /// First first.
    public var acknowledgements: [Acknowledgement]
    /// Nil until it escalated.
    public var escalation: EscalationRecord?
    /// First first.
    public var calls: [PhoneCall]
}

extension Store {
    /// The board: every incident revision published since `since` or not yet acknowledged, newest first,
    /// at most `limit`, with its mails, acknowledgements, escalation and calls, read in one snapshot.
    public func board(since: Date, limit: Int = 200) async throws -> [BoardRevision] {
        try await database.snapshot { db in
            // The revisions shown, as a common table expression each of the three reads starts with.
            let board = """
                WITH published AS (
                    SELECT tenantId, documentId AS incidentId, revision, MIN(publishedAt) AS publishedAt FROM publication
                    WHERE kind = 'incident' GROUP BY tenantId, documentId, revision),
                board AS (
                    SELECT p.tenantId, p.incidentId, p.revision, p.publishedAt FROM published p
                    WHERE p.publishedAt >= ? OR NOT EXISTS (
                        SELECT 1 FROM acknowledgement a WHERE a.tenantId = p.tenantId AND a.incidentId = p.incidentId AND a.revision = p.revision)
                    ORDER BY p.publishedAt DESC LIMIT ?)
                """
            let arguments: [any SQLArgument] = [Self.utc(since), limit]
            let join = "b.tenantId = x.tenantId AND b.incidentId = x.incidentId AND b.revision = x.revision"
            var mails: [String: [QueuedMail]] = [:]
            for row in try db.rows(
                """
                \(board) SELECT x.id, x.kind, x.tenantId, x.incidentId, x.revision, x.severity, x.sender, x.recipient, x.subject, x.state,
                                x.attempts, x.lastAnswer, x.nextAttemptAt, x.queuedAt, x.sentAt
                FROM mail x JOIN board b ON \(join) ORDER BY x.id
                """, arguments)
            {
                let mail = try QueuedMail(row)
                mails[Self.boardKey(mail.tenantID, mail.incidentID, mail.revision), default: []].append(mail)
            }
            var acknowledgements: [String: [Acknowledgement]] = [:]
            for row in try db.rows(
                "\(board) SELECT x.* FROM acknowledgement x JOIN board b ON \(join) ORDER BY x.acknowledgedAt, x.id",
                arguments)
            {
                let ack = try Acknowledgement(row)
                acknowledgements[Self.boardKey(ack.tenantID, ack.incidentID, ack.revision), default: []].append(ack)
            }
            var escalations: [String: EscalationRecord] = [:]
            for row in try db.rows("\(board) SELECT x.* FROM escalation x JOIN board b ON \(join)", arguments) {
                let escalation = try EscalationRecord(row)
                escalations[Self.boardKey(escalation.tenantID, escalation.incidentID, escalation.revision)] = escalation
            }
            var calls: [String: [PhoneCall]] = [:]
            for row in try db.rows(
                "\(board) SELECT x.* FROM phoneCall x JOIN board b ON \(join) ORDER BY x.calledAt, x.id", arguments)
            {
                let call = try PhoneCall(row)
                calls[Self.boardKey(call.tenantID, call.incidentID, call.revision), default: []].append(call)
            }
            return try db.rows(
                """
                \(board) SELECT b.tenantId, t.name AS tenantName, b.incidentId, b.revision, b.publishedAt, x.severity, x.title,
                                x.determinedAt, x.determinedEpoch
                FROM board b JOIN incident x ON x.tenantId = b.tenantId AND x.id = b.incidentId AND x.revision = b.revision
                JOIN tenant t ON t.id = b.tenantId
                ORDER BY b.publishedAt DESC, b.tenantId, b.incidentId, b.revision DESC
                """, arguments
            ).map { row in
                let key = Self.boardKey(try row.get("tenantId"), try row.get("incidentId"), try row.get("revision"))
                return BoardRevision(
                    tenantID: try row.get("tenantId"), tenantName: try row.get("tenantName"),
                    incidentID: try row.get("incidentId"),
                    revision: try row.get("revision"), severity: try row.get("severity"), title: try row.get("title"),
                    determinedAt: try row.get("determinedAt"), determinedEpoch: try row.get("determinedEpoch"),
                    publishedAt: try row.get("publishedAt"), mails: mails[key] ?? [],
                    acknowledgements: acknowledgements[key] ?? [],
                    escalation: escalations[key], calls: calls[key] ?? [])
            }
        }
    }

    private static func boardKey(_ tenantID: String, _ incidentID: String, _ revision: Int) -> String {
        "\(tenantID)\u{0}\(incidentID)\u{0}\(revision)"
    }
}
