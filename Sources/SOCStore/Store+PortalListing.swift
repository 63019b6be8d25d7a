import SOCModel

extension Store {
    /// The stored revisions of the incidents `ids` of one tenant, in one query (the columns a page shows,
    /// not the documents, which hold every log record).
    public func incidentFacts(tenantID: String, ids: [String]) async throws -> [IncidentFacts] {
        guard !ids.isEmpty else { return [] }
        return try await database.read { db in
            try db.rows(
                """
                SELECT id, revision, threatType, determinedAt, tlp, revisionNote
                FROM incident WHERE tenantId = ? AND id IN (\(placeholders(ids.count)))
                """, [tenantID] + ids
            ).map { row in
                let tlp: String = try row.get("tlp")
                guard let tlp = TLP(rawValue: tlp) else {
                    throw StoreError.damaged("incident \(tenantID)/\(try row.get("id") as String) tlp \"\(tlp)\"")
                }
                return IncidentFacts(
                    id: try row.get("id"), revision: try row.get("revision"),
                    threatType: ThreatType(rawValue: try row.get("threatType")),
                    determinedAt: try row.get("determinedAt"), tlp: tlp, revisionNote: try row.get("revisionNote"))
            }
        }
    }
}
