import Foundation

/// How a revision was acknowledged: a notification mail's personal link, or the report page's button.
public enum AcknowledgementVia: String, Sendable, SQLArgument {
    case link, button
}

/// One acknowledgement of an incident revision: who, when, how.
public struct Acknowledgement: Sendable, Equatable {
    public var tenantID: String
    public var incidentID: String
    public var revision: Int
    /// The recipient a link was mailed to, or the signed-in user's address.
    public var who: String
    public var via: AcknowledgementVia
    public var acknowledgedAt: String

    init(_ row: SQLRow) throws {
        tenantID = try row.get("tenantId")
        incidentID = try row.get("incidentId")
        revision = try row.get("revision")
        who = try row.get("who")
        let via: String = try row.get("via")
        guard let via = AcknowledgementVia(rawValue: via) else {
            throw StoreError.damaged("acknowledgement via \"\(via)\"")
        }
        self.via = via
        acknowledgedAt = try row.get("acknowledgedAt")
    }
}

/// Whom an acknowledgement token is for: a recipient of an incident revision's mail.
public struct AckRecipient: Sendable {
    public var tenantID: String
    public var incidentID: String
    public var revision: Int
    public var recipient: String

    public init(_ mail: NewMail) {
        (tenantID, incidentID, revision, recipient) = (mail.tenantID, mail.incidentID, mail.revision, mail.recipient)
    }

    public init(_ mail: QueuedMail) {
        (tenantID, incidentID, revision, recipient) = (mail.tenantID, mail.incidentID, mail.revision, mail.recipient)
    }
}

/// A notification mail's acknowledgement link as the store holds it (found by its token's hash).
public struct AckLink: Sendable, Equatable {
    public var tenantID: String
    public var incidentID: String
    public var revision: Int
    public var recipient: String
    public var expiresEpoch: Double
    /// When the link acknowledged; nil while unused.
    public var usedAt: String?

    init(_ row: SQLRow) throws {
        tenantID = try row.get("tenantId")
        incidentID = try row.get("incidentId")
        revision = try row.get("revision")
        recipient = try row.get("recipient")
        expiresEpoch = try row.get("expiresEpoch")
        usedAt = try row.get("usedAt")
    }

    /// Why this link cannot acknowledge at `now` (used, expired); nil when it can.
    public func refusal(at now: Date) -> AckOutcome? {
        if usedAt != nil { return .used(self) }
        if expiresEpoch <= now.timeIntervalSince1970 { return .expired(self) }
        return nil
    }
}

/// What presenting an acknowledgement link did.
public enum AckOutcome: Sendable, Equatable {
    /// Recorded now, for the link's recipient.
    case recorded(AckLink)
    /// Used before: nothing changed.
    case used(AckLink)
    /// Past its 30 days: nothing changed.
    case expired(AckLink)
    /// No such token (altered, or never issued): nothing changed.
    case unknown
}

extension Store {
    /// How long a mailed acknowledgement link works.
    public static let ackLinkLifetime: TimeInterval = 30 * 24 * 3600

    /// Stores the hashes of acknowledgement tokens minted for mails about to leave (the deliverer's, or outbox files),
    /// before they leave: a crash in between leaves tokens nobody holds.
    public func issueAckTokens(_ tokens: [(hash: String, for: AckRecipient)]) async throws {
        if tokens.isEmpty { return }
        try await database.write { db in
            let expires = Date().timeIntervalSince1970 + Self.ackLinkLifetime
            for (hash, mail) in tokens {
                try db.execute(
                    """
                    INSERT INTO ackToken (tokenHash, tenantId, incidentId, revision, recipient, expiresEpoch) VALUES (?, ?, ?, ?, ?, ?)
                    """, [hash, mail.tenantID, mail.incidentID, mail.revision, mail.recipient, expires])
            }
        }
    }

    /// The link whose token hashes to `tokenHash`, changing nothing (a mail scanner's GET reads this).
    public func ackLink(tokenHash: String) async throws -> AckLink? {
        try await database.read { db in
            try db.row("SELECT * FROM ackToken WHERE tokenHash = ?", [tokenHash]).map(AckLink.init)
        }
    }

    /// Acknowledges the revision of the link whose token hashes to `tokenHash`, for its recipient, once:
    /// the token is marked used and the acknowledgement recorded in one transaction, and of two
    /// concurrent uses only one records.
    public func acknowledge(tokenHash: String, now: Date = Date()) async throws -> AckOutcome {
        try await database.write { db in
            guard let link = try db.row("SELECT * FROM ackToken WHERE tokenHash = ?", [tokenHash]).map(AckLink.init)
            else { return .unknown }
            if let refusal = link.refusal(at: now) { return refusal }
            let at = Self.utc(now)
            guard
                try db.execute(
                    "UPDATE ackToken SET usedAt = ? WHERE tokenHash = ? AND usedAt IS NULL", [at, tokenHash]) == 1
            else {
                return .used(link)
            }
            try Self.insertAcknowledgement(
                tenantID: link.tenantID, incidentID: link.incidentID, revision: link.revision,
                who: link.recipient, via: .link, at: at, db)
            var used = link
            used.usedAt = at
            return .recorded(used)
        }
    }

    /// A signed-in user acknowledges a revision (the caller has checked they may see it).
    public func acknowledge(tenantID: String, incidentID: String, revision: Int, who: String, now: Date = Date())
        async throws
    {
        try await database.write { db in
            try Self.insertAcknowledgement(
                tenantID: tenantID, incidentID: incidentID, revision: revision, who: who, via: .button,
                at: Self.utc(now), db)
        }
    }

    /// An incident's acknowledgements, every revision, first first.
    public func acknowledgements(tenantID: String, incidentID: String) async throws -> [Acknowledgement] {
        try await database.read { db in
            try db.rows(
                kept: "SELECT * FROM acknowledgement WHERE tenantId = ? AND incidentId = ? ORDER BY acknowledgedAt, id",
                [tenantID, incidentID]
            ).map(Acknowledgement.init)
        }
    }

    private static func insertAcknowledgement(
        tenantID: String, incidentID: String, revision: Int, who: String,
        via: AcknowledgementVia, at: String, _ db: any SQLConnection
    ) throws {
        try db.execute(
            """
            INSERT INTO acknowledgement (tenantId, incidentId, revision, who, via, acknowledgedAt) VALUES (?, ?, ?, ?, ?, ?)
            """, [tenantID, incidentID, revision, who, via, at])
    }
}
