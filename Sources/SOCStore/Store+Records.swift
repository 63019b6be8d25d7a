import Foundation
import GRDB
import SOCModel

extension Store {
    public func tenant(_ id: String) throws -> Tenant? {
        try pool.read { try tenant(id, $0) }
    }

    /// Every tenant id, sorted.
    public func tenantIDs() throws -> [String] {
        try pool.read { try String.fetchAll($0, sql: "SELECT id FROM tenant ORDER BY id") }
    }

    /// One stored incident revision.
    public func incident(tenantID: String, id: String, revision: Int) throws -> Incident? {
        try pool.read { db in
            try document(Incident.self, "SELECT document FROM incident WHERE tenantId = ? AND id = ? AND revision = ?",
                         [tenantID, id, revision], db)
        }
    }

    /// Every stored incident revision as (tenant, id, revision), in that order.
    public func incidentKeys() throws -> [(tenantID: String, id: String, revision: Int)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT tenantId, id, revision FROM incident ORDER BY tenantId, id, revision")
                .map { ($0["tenantId"], $0["id"], $0["revision"]) }
        }
    }

    /// The latest month any tenant has metrics for.
    public func latestMetricsMonth() throws -> YearMonth? {
        try pool.read { try String.fetchOne($0, sql: "SELECT MAX(month) FROM metrics") }.flatMap(YearMonth.init)
    }

    func tenant(_ id: String, _ db: Database) throws -> Tenant? {
        try document(Tenant.self, "SELECT document FROM tenant WHERE id = ?", [id], db)
    }

    func document<T: Decodable>(_ type: T.Type, _ sql: String, _ arguments: StatementArguments, _ db: Database) throws -> T? {
        guard let text = try String.fetchOne(db, sql: sql, arguments: arguments) else { return nil }
        return try decode(type, text, what: "\(T.self) (\(arguments))")
    }

    func decode<T: Decodable>(_ type: T.Type, _ text: String, what: String) throws -> T {
        do {
            return try CanonicalJSON.decode(type, from: text)
        } catch {
            throw StoreError.damaged("\(what): \(error)")
        }
    }
}
