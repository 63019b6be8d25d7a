import Foundation
import SOCModel

extension Store {
    public func tenant(_ id: String) async throws -> Tenant? {
        try await database.read { [self] in try tenant(id, $0) }
    }

    /// Every tenant id, sorted.
    public func tenantIDs() async throws -> [String] {
        try await database.read { try $0.values("SELECT id FROM tenant ORDER BY id") }
    }

    /// Every tenant's id and name, by id, in one query (a page listing tenants reads no documents).
    public func tenantNames() async throws -> [(id: String, name: String)] {
        try await database.read { db in
            try db.rows("SELECT id, name FROM tenant ORDER BY id", []).map { (try $0.get("id"), try $0.get("name")) }
        }
    }

    /// One stored incident revision.
    public func incident(tenantID: String, id: String, revision: Int) async throws -> Incident? {
        try await database.read { [self] db in
            try document(
                Incident.self, "SELECT document FROM incident WHERE tenantId = ? AND id = ? AND revision = ?",
                [tenantID, id, revision], db)
        }
    }

    /// Every stored incident revision as (tenant, id, revision), in that order.
    public func incidentKeys() async throws -> [(tenantID: String, id: String, revision: Int)] {
        try await database.read { db in
            try db.rows("SELECT tenantId, id, revision FROM incident ORDER BY tenantId, id, revision", [])
                .map { (try $0.get("tenantId"), try $0.get("id"), try $0.get("revision")) }
        }
    }

    /// The latest month any tenant has metrics for.
    public func latestMetricsMonth() async throws -> YearMonth? {
        try await database.read { try $0.value("SELECT MAX(month) FROM metrics", as: String.self) }.flatMap(
            YearMonth.init)
    }

    func tenant(_ id: String, _ db: any SQLConnection) throws -> Tenant? {
        try document(Tenant.self, "SELECT document FROM tenant WHERE id = ?", [id], db)
    }

    func document<T: Decodable>(_ type: T.Type, _ sql: String, _ arguments: [any SQLArgument], _ db: any SQLConnection)
        throws -> T?
    {
        guard let text = try db.value(sql, arguments, as: String.self) else { return nil }
        return try decode(type, text, what: "\(T.self) (\(arguments.map(\.sqlValue)))")
    }

    /// `what` names the record in the error only: it is not built for every record read.
    func decode<T: Decodable>(_ type: T.Type, _ text: String, what: @autoclosure () -> String) throws -> T {
        do {
            return try CanonicalJSON.decode(type, from: text)
        } catch {
            throw StoreError.damaged("\(what()): \(error)")
        }
    }
}
