import Foundation
import SOCModel

extension Store {
    /// Stores validated documents in one transaction: every document or none. Records are upserted by
    /// natural key (tenant id; tenant, incident id and revision; tenant and month; month), and a record
    /// whose canonical JSON is already stored is left untouched, so loading a file twice changes nothing.
    ///
    /// - Parameter documents: each with its position in the input, used in changes and problems.
    /// - Throws: `IngestRejected` listing every document that cannot be stored.
    public func ingest(_ documents: [(position: String, document: AnyDocument)]) async throws -> [IngestChange] {
        try await database.write { [self] db in
            var changes: [IngestChange] = []
            var problems: [Problem] = []
            /// Metrics and notes: one record per tenant and month, of a tenant already stored.
            func storeTenantMonth(
                _ table: String, tenantID: String, month: YearMonth, _ document: some Encodable, at position: String
            ) throws {
                guard try tenantExists(tenantID, db) else {
                    problems.append(unknownTenant(tenantID, at: position))
                    return
                }
                changes.append(
                    IngestChange(
                        position: position, record: "\(table) \(tenantID) \(month)",
                        outcome: try upsert(
                            db, table: table, key: ["tenantId": tenantID, "month": month.description],
                            document: CanonicalJSON.string(document))))
            }
            for (position, document) in documents {
                switch document {
                case .tenants(let tenants):
                    for tenant in tenants.tenants {
                        changes.append(
                            IngestChange(
                                position: position, record: "tenant \(tenant.id)", outcome: try store(tenant, db)))
                    }
                case .incident(let incident):
                    if try !tenantExists(incident.tenant.id, db) {
                        // The incident carries its tenant; a first report may come before any tenants document.
                        changes.append(
                            IngestChange(
                                position: position, record: "tenant \(incident.tenant.id)",
                                outcome: try store(incident.tenant, db)))
                    }
                    changes.append(
                        IngestChange(
                            position: position,
                            record: "incident \(incident.tenant.id)/\(incident.id) r\(incident.revision)",
                            outcome: try store(incident, db)))
                case .metrics(let metrics):
                    try storeTenantMonth(
                        "metrics", tenantID: metrics.tenantId, month: metrics.month, metrics, at: position)
                case .notes(let notes):
                    try storeTenantMonth("notes", tenantID: notes.tenantId, month: notes.month, notes, at: position)
                case .news(let news):
                    changes.append(
                        IngestChange(
                            position: position, record: "news \(news.month)",
                            outcome: try upsert(
                                db, table: "news", key: ["month": news.month.description],
                                document: CanonicalJSON.string(news))))
                case .monthly:
                    problems.append(
                        Problem(
                            path: position,
                            message:
                                "a monthly bundle is rendered, not stored; ingest the tenants, incidents, metrics, notes and news it is made of"
                        ))
                }
            }
            // Throwing rolls the transaction back: nothing of this input is stored.
            guard problems.isEmpty else { throw IngestRejected(problems: problems) }
            return changes
        }
    }

    private func unknownTenant(_ id: String, at position: String) -> Problem {
        Problem(path: position + ".tenantId", message: "unknown tenant \"\(id)\": ingest its tenants document first")
    }

    func tenantExists(_ id: String, _ db: any SQLConnection) throws -> Bool {
        try db.value("SELECT 1 FROM tenant WHERE id = ?", [id], as: Int.self) != nil
    }

    private func store(_ tenant: Tenant, _ db: any SQLConnection) throws -> IngestChange.Outcome {
        try upsert(
            db, table: "tenant", key: ["id": tenant.id], document: CanonicalJSON.string(tenant),
            columns: [
                "name": tenant.name, "language": tenant.language.rawValue, "timeZone": tenant.timeZone,
            ])
    }

    private func store(_ incident: Incident, _ db: any SQLConnection) throws -> IngestChange.Outcome {
        try upsert(
            db, table: "incident",
            key: ["tenantId": incident.tenant.id, "id": incident.id, "revision": incident.revision],
            document: CanonicalJSON.string(incident),
            columns: [
                "title": incident.title, "severity": incident.severity.rawValue,
                "threatType": incident.threatType.rawValue,
                "stage": incident.attack.stage.rawValue, "detectedAt": incident.detectedAt.text,
                "determinedAt": incident.determinedAt.text,
                "determinedEpoch": incident.determinedAt.date.timeIntervalSince1970,
                "notifiedAt": incident.notifiedAt?.text, "tlp": incident.tlp.rawValue,
                "revisionNote": incident.revisionNote,
            ])
    }

    /// Inserts the record, replaces it when its document differs, or leaves it.
    /// Table and column names are literals of this module, never input.
    private func upsert(
        _ db: any SQLConnection, table: String, key: KeyValuePairs<String, any SQLArgument>, document: String,
        columns: KeyValuePairs<String, any SQLArgument> = [:]
    ) throws -> IngestChange.Outcome {
        let condition = key.map { "\($0.key) = ?" }.joined(separator: " AND ")
        let keyValues = key.map(\.value)
        let existing = try db.value("SELECT document FROM \(table) WHERE \(condition)", keyValues, as: String.self)
        if existing == document { return .unchanged }
        let names = columns.map(\.key) + ["document", "storedAt"]
        let values = columns.map(\.value) + [document, Store.now()]
        if existing == nil {
            let all = key.map(\.key) + names
            try db.execute(
                "INSERT INTO \(table) (\(all.joined(separator: ", "))) VALUES (\(placeholders(all.count)))",
                keyValues + values)
            return .added
        }
        try db.execute(
            "UPDATE \(table) SET \(names.map { "\($0) = ?" }.joined(separator: ", ")) WHERE \(condition)",
            values + keyValues)
        return .updated
    }
}
