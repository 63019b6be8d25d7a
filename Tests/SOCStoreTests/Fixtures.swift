import Foundation
import PostgresTestSupport
import SOCModel
import SOCStore
import Testing

/// Contract documents built as JSON and read through `DocumentReader`, as `ingest` reads them.
enum Fixtures {
    static func tenant(_ id: String, language: String = "ja", zone: String = "Asia/Tokyo") -> [String: Any] {
        [
            "id": id, "name": "Tenant \(id)", "language": language, "timeZone": zone,
            "contacts": [["name": "SOC desk", "email": "soc@\(id).example"]],
        ]
    }

    static func tenants(_ tenants: [[String: Any]]) -> [String: Any] {
        ["kind": "tenants", "schemaVersion": 1, "tenants": tenants]
    }

    static func incident(
        _ tenant: [String: Any], id: String, revision: Int = 1, determinedAt: String, severity: String = "serious",
        threatType: String = "phishing", title: String = "Phishing site access"
    ) -> [String: Any] {
        [
            "kind": "incident", "schemaVersion": 1, "id": id, "revision": revision, "tenant": tenant, "title": title,
            "severity": severity, "threatType": threatType, "detectedAt": determinedAt, "determinedAt": determinedAt,
            "analysis": ["summary": "Summary.", "victims": [["host": "PC-1"]], "occurredAt": determinedAt],
            "recommendations": ["actions": ["Isolate PC-1."]],
            "attack": ["overview": "Overview.", "stage": "delivery", "description": "Description."],
        ]
    }

    static func metrics(_ tenantID: String, month: String, events: Int = 100) -> [String: Any] {
        [
            "kind": "metrics", "schemaVersion": 1, "tenantId": tenantID, "month": month,
            "funnel": ["logsBySource": ["proxy": events * 1000], "events": events, "escalated": events / 10],
        ]
    }

    static func data(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: value)
    }

    /// Reads `values` as one JSON array, as `ingest` would, and stores them.
    @discardableResult
    static func ingest(_ values: [[String: Any]], into store: Store) async throws -> [IngestChange] {
        let documents = try DocumentReader.readMany(try data(values), source: "test")
        return try await store.ingest(documents.map { ($0.position, $0.document) })
    }
}

/// A new empty store of `kind` for one test, in a folder removed when the value goes away.
final class TestDatabase {
    let location: String
    private let folder: URL

    init(_ kind: TestStore, label: String = #function) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("socstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        location = try kind.location(in: folder, label: label)
    }

    func open() throws -> Store {
        try Store(location: location)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }
}

func month(_ text: String) -> YearMonth {
    YearMonth(text)!
}
