/// What a publication is: a report in the portal, or a notification mail.
public enum PublicationKind: String, Sendable, SQLArgument {
    case incident, monthly, mail
    /// A machine-readable indicator file (STIX, CSV, blocklist) beside a report.
    case ioc
}

/// One file published, as the store remembers it: a report put into the portal, or a mail put into an outbox.
public struct PublicationRecord: Sendable, Equatable {
    public var tenantID: String
    /// The portal folder (the outbox folder for a mail), absolute.
    public var portal: String
    /// The file's path inside the tenant's folder (its name in the outbox for a mail).
    public var path: String
    public var kind: PublicationKind
    /// The incident id, or the month of a monthly report.
    public var documentID: String
    public var revision: Int?
    public var month: String
    public var size: Int
    public var sha256: String
    /// The digest of what the file was rendered from, and the renderer that made it.
    public var inputSha256: String
    public var renderer: String
    public var publishedAt: String
    /// The command that published it, e.g. "incident publish".
    public var command: String

    public init(
        tenantID: String, portal: String, path: String, kind: PublicationKind, documentID: String, revision: Int?,
        month: String,
        size: Int, sha256: String, inputSha256: String, renderer: String, publishedAt: String, command: String
    ) {
        self.tenantID = tenantID
        self.portal = portal
        self.path = path
        self.kind = kind
        self.documentID = documentID
        self.revision = revision
        self.month = month
        self.size = size
        self.sha256 = sha256
        self.inputSha256 = inputSha256
        self.renderer = renderer
        self.publishedAt = publishedAt
        self.command = command
    }
}

extension Store {
    public func recordPublication(_ record: PublicationRecord) async throws {
        try await recordPublications([record])
    }

    /// Several files published together (a report and its indicator files) with the report's notification
    /// mails, in one transaction: a publication is never recorded without its mails, nor mails queued twice.
    /// A monthly report's claim ends in the same transaction when `releasing` names it, and the STIX
    /// objects of its bundle (`indexing`) are indexed for TAXII in it.
    public func recordPublications(
        _ records: [PublicationRecord], queueing mails: [NewMail] = [],
        releasing claim: MonthlyClaim.Key? = nil,
        indexing stix: (tenantID: String, objects: [TAXIIObject])? = nil
    ) async throws {
        guard !records.isEmpty || !mails.isEmpty || claim != nil || stix?.objects.isEmpty == false else { return }
        try await database.write { [self] db in
            try insert(records, db)
            try queue(mails, db)
            if let claim { try release(claim, db) }
            if let stix { try index(stix.objects, tenantID: stix.tenantID, db) }
        }
    }

    /// One statement for every record: a round trip each would dominate on a remote database.
    func insert(_ records: [PublicationRecord], _ db: any SQLConnection) throws {
        let columns =
            "tenantId, portal, path, kind, documentId, revision, month, size, sha256, inputSha256, renderer, publishedAt, command"
        for chunk in stride(from: 0, to: records.count, by: 50).map({ records[$0..<min($0 + 50, records.count)] }) {
            let rows = Array(repeating: "(\(placeholders(13)))", count: chunk.count).joined(separator: ", ")
            try db.execute(
                "INSERT INTO publication (\(columns)) VALUES \(rows)",
                chunk.flatMap { record -> [any SQLArgument] in
                    [
                        record.tenantID, record.portal, record.path, record.kind, record.documentID, record.revision,
                        record.month,
                        record.size, record.sha256, record.inputSha256, record.renderer, record.publishedAt,
                        record.command,
                    ]
                })
        }
    }

    /// Every publication of a tenant's files, oldest first.
    public func publications(tenantID: String) async throws -> [PublicationRecord] {
        try await database.read { db in
            try db.rows("SELECT * FROM publication WHERE tenantId = ? ORDER BY seq", [tenantID]).map(Self.record)
        }
    }

    /// The latest publication of an incident revision's report.
    public func incidentPublication(tenantID: String, incidentID: String, revision: Int) async throws
        -> PublicationRecord?
    {
        try await database.read { db in
            try db.row(
                """
                SELECT * FROM publication WHERE tenantId = ? AND kind = 'incident' AND documentId = ? AND revision = ?
                ORDER BY seq DESC LIMIT 1
                """, [tenantID, incidentID, revision]
            ).map(Self.record)
        }
    }

    private static func record(_ row: SQLRow) throws -> PublicationRecord {
        let kind: String = try row.get("kind")
        guard let kind = PublicationKind(rawValue: kind) else {
            throw StoreError.damaged("publication of kind \"\(kind)\"")
        }
        return PublicationRecord(
            tenantID: try row.get("tenantId"), portal: try row.get("portal"), path: try row.get("path"), kind: kind,
            documentID: try row.get("documentId"), revision: try row.get("revision"), month: try row.get("month"),
            size: try row.get("size"), sha256: try row.get("sha256"), inputSha256: try row.get("inputSha256"),
            renderer: try row.get("renderer"), publishedAt: try row.get("publishedAt"), command: try row.get("command"))
    }
}
