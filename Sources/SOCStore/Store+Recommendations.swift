import Foundation

/// A text a lead added to the recommendation library, beside the texts shipped in `Templates/`.
public struct AddedRecommendation: Sendable, Equatable {
    public var id: Int64
    public var language: String
    public var threatType: String
    public var text: String
    public var addedBy: String
}

/// A shipped text of the library, named by its language, threat type and wording (shipped texts have no id).
public struct RecommendationKey: Sendable, Hashable {
    public var language: String
    public var threatType: String
    public var text: String

    public init(language: String, threatType: String, text: String) {
        self.language = language; self.threatType = threatType; self.text = text
    }
}

/// One line of the library's log, which is only ever appended to.
public struct RecommendationEvent: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable, SQLArgument {
        /// A lead's own text added, edited, removed.
        case add, edit, remove
        /// A shipped text hidden from the drafts' library, and shown again.
        case hide, show
    }

    public var action: Action
    public var language: String
    public var threatType: String
    /// The text as it is after the change (the one removed, hidden or shown).
    public var text: String
    /// An edit's text before it.
    public var previousText: String?
    public var actor: String
    public var recordedAt: String
}

/// Why a change to the library was refused; nothing was changed.
public enum RecommendationError: Error, Equatable, CustomStringConvertible {
    case notAllowed
    /// No added text has this id (removed meanwhile, or never there).
    case unknown(Int64)
    /// Someone changed the text since the editor read it: `current` is what the library holds now.
    case stale(current: String)

    public var description: String {
        switch self {
        case .notAllowed: "only a lead may change the recommendation library"
        case .unknown(let id): "no recommendation \(id) in the library"
        case .stale(let current): "the text was changed by someone else meanwhile (now \"\(current)\")"
        }
    }
}

extension Store {
    /// The recommendation texts leads added, by language and threat type, oldest first.
    public func addedRecommendations() async throws -> [AddedRecommendation] {
        try await database.read { db in
            try db.rows("SELECT id, language, threatType, text, addedBy FROM recommendation ORDER BY id", []).map {
                AddedRecommendation(
                    id: try $0.get("id"), language: try $0.get("language"), threatType: try $0.get("threatType"),
                    text: StoredText.unescaped(try $0.get("text")), addedBy: try $0.get("addedBy"))
            }
        }
    }

    /// The shipped texts a lead hid.
    public func hiddenRecommendations() async throws -> Set<RecommendationKey> {
        try await database.read { db in
            Set(
                try db.rows("SELECT language, threatType, text FROM hiddenRecommendation", []).map {
                    RecommendationKey(
                        language: try $0.get("language"), threatType: try $0.get("threatType"),
                        text: StoredText.unescaped(try $0.get("text")))
                })
        }
    }

    /// The library's log, newest first.
    public func recommendationEvents(limit: Int) async throws -> [RecommendationEvent] {
        try await database.read { db in
            try db.rows("SELECT * FROM recommendationEvent ORDER BY seq DESC LIMIT ?", [limit]).map { row in
                RecommendationEvent(
                    action: try RecommendationEvent.Action(rawValue: row.get("action")).orDamaged(
                        "recommendation action"),
                    language: try row.get("language"), threatType: try row.get("threatType"),
                    text: StoredText.unescaped(try row.get("text")),
                    previousText: try row.get("previousText", as: String?.self).map(StoredText.unescaped),
                    actor: try row.get("actor"), recordedAt: try row.get("recordedAt"))
            }
        }
    }

    /// Adds a text to the recommendation library.
    public func addRecommendation(language: String, threatType: String, text: String, by user: PortalUser) async throws
    {
        try Self.checkLibrarian(user)
        try await database.write { db in
            try db.execute(
                "INSERT INTO recommendation (language, threatType, text, addedBy, addedAt) VALUES (?, ?, ?, ?, ?)",
                [language, threatType, StoredText.escaped(text), user.email, Self.now()])
            try Self.log(.add, RecommendationKey(language: language, threatType: threatType, text: text), by: user, db)
        }
    }

    /// Rewrites the added text `id`, which the editor read as `previous`; answers it as it is now.
    @discardableResult
    public func editRecommendation(id: Int64, from previous: String, to text: String, by user: PortalUser) async throws
        -> RecommendationKey
    {
        try Self.checkLibrarian(user)
        return try await database.write { db in
            let added = try Self.addedRecommendation(id, as: previous, db)
            let edited = RecommendationKey(language: added.language, threatType: added.threatType, text: text)
            guard text != previous else { return edited }
            try db.execute("UPDATE recommendation SET text = ? WHERE id = ?", [StoredText.escaped(text), id])
            try Self.log(.edit, edited, previous: previous, by: user, db)
            return edited
        }
    }

    /// Removes the added text `id`, which the remover read as `previous`; the log keeps its words.
    @discardableResult
    public func removeRecommendation(id: Int64, was previous: String, by user: PortalUser) async throws
        -> RecommendationKey
    {
        try Self.checkLibrarian(user)
        return try await database.write { db in
            let added = try Self.addedRecommendation(id, as: previous, db)
            try db.execute("DELETE FROM recommendation WHERE id = ?", [id])
            try Self.log(.remove, added, by: user, db)
            return added
        }
    }

    /// Hides a shipped text from the drafts' library (`hidden`), or shows it again; doing what is already done changes nothing.
    public func setRecommendation(_ key: RecommendationKey, hidden: Bool, by user: PortalUser) async throws {
        try Self.checkLibrarian(user)
        try await database.write { db in
            let changed =
                hidden
                ? try db.execute(
                    """
                    INSERT INTO hiddenRecommendation (language, threatType, text, hiddenBy, hiddenAt) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (language, threatType, text) DO NOTHING
                    """, [key.language, key.threatType, StoredText.escaped(key.text), user.email, Self.now()])
                : try db.execute(
                    "DELETE FROM hiddenRecommendation WHERE language = ? AND threatType = ? AND text = ?",
                    [key.language, key.threatType, StoredText.escaped(key.text)])
            if changed > 0 { try Self.log(hidden ? .hide : .show, key, by: user, db) }
        }
    }

    // MARK: - Rules

    /// Leads manage the library; analysts only use it.
    private static func checkLibrarian(_ user: PortalUser) throws {
        guard user.isLead else { throw RecommendationError.notAllowed }
    }

    /// The added text `id`, refused as stale unless it still reads `previous`.
    private static func addedRecommendation(_ id: Int64, as previous: String, _ db: any SQLConnection) throws
        -> RecommendationKey
    {
        guard let row = try db.row("SELECT language, threatType, text FROM recommendation WHERE id = ?", [id]) else {
            throw RecommendationError.unknown(id)
        }
        let current = StoredText.unescaped(try row.get("text"))
        guard current == previous else { throw RecommendationError.stale(current: current) }
        return RecommendationKey(
            language: try row.get("language"), threatType: try row.get("threatType"), text: current)
    }

    private static func log(
        _ action: RecommendationEvent.Action, _ key: RecommendationKey, previous: String? = nil, by user: PortalUser,
        _ db: any SQLConnection
    ) throws {
        try db.execute(
            """
            INSERT INTO recommendationEvent (action, language, threatType, text, previousText, actor, recordedAt) VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                action, key.language, key.threatType, StoredText.escaped(key.text), previous.map(StoredText.escaped),
                user.email, now(),
            ])
    }
}
