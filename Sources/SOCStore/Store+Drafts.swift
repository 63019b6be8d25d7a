import Foundation
import SOCModel

/// An incident report being written in the workbench: the incident document as JSON text, which may be
/// incomplete until it is submitted, and where it stands in review. Every change raises `version`; a save
/// names the version its editor started from, so two editors never overwrite each other silently.
public struct Draft: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable, SQLArgument {
        /// Being written; `returned` is the same with a lead's comment to address. `publishing` while its report
        /// and mails go out: nobody edits, returns or approves it meanwhile.
        case draft, submitted, returned, publishing, published
    }

    public var id: Int64
    public var tenantID: String
    public var document: String
    /// The incident's id and revision as the document has them, when it has them.
    public var incidentID: String?
    public var revision: Int?
    /// "" until the document has a title.
    public var title: String
    public var severity: String?
    /// RFC 3339, as the document has it: the start of the 15-minute clock.
    public var determinedAt: String?
    public var authorID: Int64?
    public var authorEmail: String?
    public var version: Int
    public var state: State
    public var returnComment: String?
    /// Published by its author without approval, until a lead reviews it.
    public var reviewPending: Bool
    public var createdAt: String
    public var updatedAt: String
    public var publishedAt: String?

    public var isEditable: Bool { state == .draft || state == .returned }

    /// Critical and serious incidents may be published by their author without approval, flagged until a lead reviews them.
    public var mayBePublishedNow: Bool { severity.flatMap(Severity.init).map { $0 >= .serious } == true }

    init(row: SQLRow) throws {
        id = try row.get("id"); tenantID = try row.get("tenantId");
        document = StoredText.unescaped(try row.get("document"))
        incidentID = try row.get("incidentId", as: String?.self).map(StoredText.unescaped);
        revision = try row.get("revision")
        title = StoredText.unescaped(try row.get("title"));
        severity = try row.get("severity", as: String?.self).map(StoredText.unescaped)
        determinedAt = try row.get("determinedAt", as: String?.self).map(StoredText.unescaped)
        authorID = try row.get("authorId"); authorEmail = try row.get("authorEmail")
        version = try row.get("version"); state = try State(rawValue: row.get("state")).orDamaged("draft state")
        returnComment = try row.get("returnComment"); reviewPending = try row.get("reviewPending")
        createdAt = try row.get("createdAt"); updatedAt = try row.get("updatedAt");
        publishedAt = try row.get("publishedAt")
    }
}

/// One line of a draft's audit log, which is only ever appended to.
public struct DraftEvent: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable, SQLArgument {
        case create, save, submit, `return`, approve
        /// Published by its author without approval ("publish now, review after").
        case publishNow = "publish-now"
        /// A lead's review of a report published without approval.
        case review
    }

    public var draftID: Int64
    public var action: Action
    /// The staff member's address, or "api:<key name>".
    public var actor: String
    public var version: Int
    public var comment: String?
    public var recordedAt: String
}

/// Why a draft's change was refused; nothing was changed.
public enum DraftError: Error, Equatable, CustomStringConvertible {
    case unknown(Int64)
    /// Someone saved since the editor's version: `saved` is what the store holds now.
    case stale(saved: Draft)
    /// Not possible in the draft's state (submitting a published draft, approving one not submitted).
    case state(Draft.State)
    case notAllowed(String)

    public var description: String {
        switch self {
        case .unknown(let id): "no draft \(id)"
        case .stale(let saved): "the draft was saved by someone else meanwhile (now version \(saved.version))"
        case .state(let state): "not possible while the draft is \(state.rawValue)"
        case .notAllowed(let why): why
        }
    }
}

extension Store {
    /// A new draft of `tenantID`'s incident, version 1, by `author` (nil through the API: the first
    /// analyst to save it becomes its author); `actor` names who made it in the audit log.
    public func createDraft(tenantID: String, document: String, author: PortalUser?, actor: String) async throws
        -> Draft
    {
        let facts = DraftFacts(document)
        let id: Int64 = try await database.write { [self] db in
            if try tenant(tenantID, db) == nil { throw StoreError.unknownTenant(tenantID) }
            let now = Self.now()
            let rows = try db.rows(
                """
                INSERT INTO draft (tenantId, document, incidentId, revision, title, severity, determinedAt, authorId, version, state,
                                   reviewPending, createdAt, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, FALSE, ?, ?) RETURNING id
                """,
                [
                    tenantID, StoredText.escaped(document), facts.incidentID, facts.revision, facts.title,
                    facts.severity, facts.determinedAt,
                    author?.id, Draft.State.draft, now, now,
                ])
            let id: Int64 = try rows[0].get("id")
            try Self.record(db, id, .create, actor: actor, version: 1)
            return id
        }
        return try await draft(id: id).orDamaged("draft \(id) just made")
    }

    public func draft(id: Int64) async throws -> Draft? {
        try await database.read { db in try db.row(Self.draftQuery + " WHERE d.id = ?", [id]).map(Draft.init) }
    }

    /// Drafts not yet published, those published since `publishedSince` (RFC 3339 UTC) and those
    /// published without approval and not yet reviewed; last changed first.
    public func workbenchDrafts(publishedSince: String) async throws -> [Draft] {
        try await database.read { db in
            try db.rows(
                Self.draftQuery
                    + " WHERE d.state <> ? OR d.publishedAt >= ? OR d.reviewPending ORDER BY d.updatedAt DESC, d.id DESC",
                [Draft.State.published, publishedSince]
            ).map(Draft.init)
        }
    }

    /// The drafts that made (or make) revisions of one incident, newest first.
    public func incidentDrafts(tenantID: String, incidentID: String) async throws -> [Draft] {
        try await database.read { db in
            try db.rows(
                Self.draftQuery + " WHERE d.tenantId = ? AND d.incidentId = ? ORDER BY d.id DESC",
                [tenantID, incidentID]
            ).map(Draft.init)
        }
    }

    /// The incident ids of `tenantID` starting with `prefix`, published or in drafts: for proposing the next.
    public func incidentIDs(tenantID: String, prefix: String) async throws -> [String] {
        // "_" and "%" in the prefix match more than themselves in LIKE; the exact ones are kept below.
        let pattern = prefix + "%"
        let ids: [String] = try await database.read { db in
            try db.values(
                """
                SELECT id FROM incident WHERE tenantId = ? AND id LIKE ? UNION SELECT incidentId FROM draft WHERE tenantId = ? AND incidentId LIKE ?
                """, [tenantID, pattern, tenantID, pattern])
        }
        return ids.filter { $0.hasPrefix(prefix) }
    }

    /// The audit log of `draftIDs`, oldest first.
    public func draftEvents(_ draftIDs: [Int64]) async throws -> [DraftEvent] {
        guard !draftIDs.isEmpty else { return [] }
        return try await database.read { db in
            try db.rows(
                "SELECT * FROM draftEvent WHERE draftId IN (\(placeholders(draftIDs.count))) ORDER BY seq",
                draftIDs.map { $0 as any SQLArgument }
            ).map { row in
                DraftEvent(
                    draftID: try row.get("draftId"),
                    action: try DraftEvent.Action(rawValue: row.get("action")).orDamaged("draft action"),
                    actor: try row.get("actor"), version: try row.get("version"), comment: try row.get("comment"),
                    recordedAt: try row.get("recordedAt"))
            }
        }
    }

    /// Saves `document` over version `baseVersion`: refused as stale when someone saved since. A draft
    /// made through the API gets its first saver as author.
    public func saveDraft(id: Int64, document: String, baseVersion: Int, by user: PortalUser) async throws -> Draft {
        let facts = DraftFacts(document)
        return try await transition(id, baseVersion, action: .save, by: user) { draft, _ in
            guard draft.isEditable else { throw DraftError.state(draft.state) }
            return (
                "document = ?, incidentId = ?, revision = ?, title = ?, severity = ?, determinedAt = ?, authorId = coalesce(authorId, ?)",
                [
                    StoredText.escaped(document), facts.incidentID, facts.revision, facts.title, facts.severity,
                    facts.determinedAt, user.id,
                ]
            )
        }
    }

    /// Hands the draft to the leads; the caller has checked that its document is valid.
    public func submitDraft(id: Int64, version: Int, by user: PortalUser) async throws -> Draft {
        try await transition(id, version, action: .submit, by: user) { draft, _ in
            guard draft.isEditable else { throw DraftError.state(draft.state) }
            return ("state = ?, returnComment = NULL", [Draft.State.submitted])
        }
    }

    /// A lead who is not the author sends a submitted draft back with `comment`.
    public func returnDraft(id: Int64, version: Int, by user: PortalUser, comment: String) async throws -> Draft {
        try await transition(id, version, action: .return, by: user, comment: comment) { draft, writers in
            try Self.checkReviewer(user, of: draft, writers: writers)
            guard draft.state == .submitted else { throw DraftError.state(draft.state) }
            return ("state = ?, returnComment = ?", [Draft.State.returned, comment])
        }
    }

    /// Whether `user` may publish the draft at `version` now, by `action` (`approve` or `publishNow`);
    /// throws why not. Checked before publishing, and again when `claimPublishing` claims it.
    public func checkPublish(id: Int64, version: Int, action: DraftEvent.Action, by user: PortalUser) async throws {
        try await database.snapshot { db in
            guard let draft = try db.row(Self.draftQuery + " WHERE d.id = ?", [id]).map(Draft.init) else {
                throw DraftError.unknown(id)
            }
            try Self.checkPublish(draft, version, action, user) { try Self.writers(of: id, db) }
        }
    }

    /// Claims the draft for publishing, by a lead's approval or by its author without one (the audit records
    /// which): from here nobody edits, returns or approves it until `finishPublishing` or `releasePublishing`.
    /// Claimed before the report goes out, so what is mailed is what was approved. A draft left `publishing`
    /// by a crash is published again the same way (publishing a revision twice sends nothing twice).
    public func claimPublishing(id: Int64, version: Int, action: DraftEvent.Action, by user: PortalUser) async throws
        -> Draft
    {
        try await transition(id, version, action: action, by: user) { draft, writers in
            try Self.checkPublish(draft, version, action, user, writers: writers)
            return ("state = ?, reviewPending = \(action == .publishNow ? "TRUE" : "FALSE")", [Draft.State.publishing])
        }
    }

    /// The claimed draft's report went out.
    public func finishPublishing(_ claimed: Draft) async throws -> Draft {
        try await database.write { db in
            try db.execute(
                "UPDATE draft SET state = ?, publishedAt = ?, updatedAt = ? WHERE id = ? AND version = ? AND state = ?",
                [Draft.State.published, Self.now(), Self.now(), claimed.id, claimed.version, Draft.State.publishing])
        }
        return try await draft(id: claimed.id).orDamaged("draft \(claimed.id) just published")
    }

    /// Publishing the claimed draft failed: it goes back to `state`, as it was before the claim.
    public func releasePublishing(_ claimed: Draft, to state: Draft.State) async throws {
        try await database.write { db in
            try db.execute(
                "UPDATE draft SET state = ?, reviewPending = FALSE, updatedAt = ? WHERE id = ? AND version = ? AND state = ?",
                [state, Self.now(), claimed.id, claimed.version, Draft.State.publishing])
        }
    }

    /// A lead who is not the author reviews a report its author published without approval.
    public func reviewPublished(id: Int64, version: Int, by user: PortalUser, comment: String?) async throws -> Draft {
        try await transition(id, version, action: .review, by: user, comment: comment) { draft, writers in
            try Self.checkReviewer(user, of: draft, writers: writers)
            guard draft.state == .published, draft.reviewPending else { throw DraftError.state(draft.state) }
            return ("reviewPending = FALSE", [])
        }
    }

    /// The contract field each column header of `tenantID`'s log exports fills ("" for a column left out).
    public func logColumns(tenantID: String) async throws -> [String: String] {
        try await database.read { db in
            Dictionary(
                try db.rows("SELECT header, field FROM logColumn WHERE tenantId = ?", [tenantID]).map {
                    (StoredText.unescaped(try $0.get("header")), try $0.get("field") as String)
                }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Remembers the fields `columns` fill for `tenantID`'s exports, replacing what was remembered for those headers.
    public func saveLogColumns(tenantID: String, _ columns: [String: String]) async throws {
        guard !columns.isEmpty else { return }
        try await database.write { db in
            for (header, field) in columns {
                try db.execute(
                    """
                    INSERT INTO logColumn (tenantId, header, field) VALUES (?, ?, ?)
                    ON CONFLICT (tenantId, header) DO UPDATE SET field = excluded.field
                    """, [tenantID, StoredText.escaped(header), field])
            }
        }
    }

    // MARK: - Rules

    /// Four eyes: a lead approves or returns, never a draft they wrote any of (created, saved or submitted):
    /// a lead who rewrote an analyst's text and approved it would be the only one to have read it.
    private static func checkReviewer(_ user: PortalUser, of draft: Draft, writers: () throws -> Set<String>) throws {
        guard user.isLead else { throw DraftError.notAllowed("only a lead may approve, return or review a report") }
        guard draft.authorID != user.id, try !writers().contains(user.email) else {
            throw DraftError.notAllowed("the author may not approve, return or review their own report")
        }
    }

    /// Who wrote any of the draft's text: the actors of its create, save and submit events.
    private static func writers(of id: Int64, _ db: any SQLConnection) throws -> Set<String> {
        Set(
            try db.rows(
                "SELECT DISTINCT actor FROM draftEvent WHERE draftId = ? AND action IN (?, ?, ?)",
                [id, DraftEvent.Action.create, DraftEvent.Action.save, DraftEvent.Action.submit]
            ).map { try $0.get("actor") as String })
    }

    private static func checkPublish(
        _ draft: Draft, _ version: Int, _ action: DraftEvent.Action, _ user: PortalUser,
        writers: () throws -> Set<String>
    ) throws {
        switch action {
        case .approve:
            try checkReviewer(user, of: draft, writers: writers)
            guard draft.state == .submitted || draft.state == .publishing else { throw DraftError.state(draft.state) }
        case .publishNow:
            guard draft.mayBePublishedNow else {
                throw DraftError.notAllowed("only critical and serious incidents may be published without approval")
            }
            guard draft.authorID == user.id else {
                throw DraftError.notAllowed("only the author may publish without approval")
            }
            guard draft.state != .published else { throw DraftError.state(draft.state) }
        default:
            throw DraftError.notAllowed("\(action.rawValue) does not publish")
        }
        guard draft.version == version else { throw DraftError.stale(saved: draft) }
    }

    // MARK: - Changes

    private static let draftQuery = """
        SELECT d.*, u.email AS authorEmail FROM draft d LEFT JOIN portalUser u ON u.id = d.authorId
        """

    /// One change of a draft in one transaction: `change` checks the draft as it is now and answers the
    /// columns to set; the version must still be `version`, and goes up by one with an audit line.
    private func transition(
        _ id: Int64, _ version: Int, action: DraftEvent.Action, by user: PortalUser, comment: String? = nil,
        _ change: @escaping @Sendable (Draft, _ writers: () throws -> Set<String>) throws -> (String, [any SQLArgument])
    ) async throws -> Draft {
        guard user.isStaff else { throw DraftError.notAllowed("only staff work on drafts") }
        try await database.write { db in
            guard let draft = try db.row(Self.draftQuery + " WHERE d.id = ?", [id]).map(Draft.init) else {
                throw DraftError.unknown(id)
            }
            // Who wrote the draft is read only for the changes that ask (a review), not for every save.
            let (columns, arguments) = try change(draft) { try Self.writers(of: id, db) }
            guard draft.version == version else { throw DraftError.stale(saved: draft) }
            let changed = try db.execute(
                "UPDATE draft SET \(columns), version = version + 1, updatedAt = ? WHERE id = ? AND version = ?",
                arguments + [Self.now(), id, version])
            guard changed == 1 else { throw DraftError.stale(saved: draft) }
            try Self.record(db, id, action, actor: user.email, version: version + 1, comment: comment)
        }
        return try await draft(id: id).orDamaged("draft \(id) just changed")
    }

    private static func record(
        _ db: any SQLConnection, _ id: Int64, _ action: DraftEvent.Action, actor: String, version: Int,
        comment: String? = nil
    ) throws {
        try db.execute(
            "INSERT INTO draftEvent (draftId, action, actor, version, comment, recordedAt) VALUES (?, ?, ?, ?, ?, ?)",
            [id, action, actor, version, comment, now()])
    }
}

/// What the staff home lists of a draft, read from its document, which may be incomplete or not even JSON;
/// as stored (`StoredText`).
struct DraftFacts {
    var incidentID: String?
    var revision: Int?
    var title = ""
    var severity: String?
    var determinedAt: String?

    init(_ document: String) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(document.utf8))) as? [String: Any] else {
            return
        }
        func text(_ key: String) -> String? { (object[key] as? String).map(StoredText.escaped) }
        incidentID = text("id")
        revision = object["revision"] as? Int
        title = text("title") ?? ""
        severity = text("severity")
        determinedAt = text("determinedAt")
    }
}
