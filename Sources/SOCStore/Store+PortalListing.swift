import GRDB
import SOCModel

/// What the portal pages show of an incident revision beside its manifest entry.
public struct IncidentFacts: Sendable, Equatable {
    public var id: String
    public var revision: Int
    public var threatType: ThreatType?
    public var determinedAt: String
    public var tlp: TLP
    public var revisionNote: String?
}

extension Store {
    /// The stored revisions of the incidents `ids` of one tenant, in one query (the columns a page shows,
    /// not the documents, which hold every log record).
    public func incidentFacts(tenantID: String, ids: [String]) throws -> [IncidentFacts] {
        guard !ids.isEmpty else { return [] }
        return try pool.read { db in
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            return try Row.fetchAll(db, sql: """
                SELECT id, revision, threatType, determinedAt,
                       json_extract(document, '$.tlp') AS tlp, json_extract(document, '$.revisionNote') AS note
                FROM incident WHERE tenantId = ? AND id IN (\(marks))
                """, arguments: StatementArguments([tenantID] + ids)).map { row in
                IncidentFacts(id: row["id"], revision: row["revision"], threatType: ThreatType(rawValue: row["threatType"]),
                                determinedAt: row["determinedAt"], tlp: (row["tlp"] as String?).flatMap(TLP.init) ?? .amber,
                                revisionNote: row["note"])
            }
        }
    }
}
