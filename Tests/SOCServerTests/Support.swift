import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresTestSupport
import SOCServer
import SOCStore
import Testing

/// A server on a temporary store and portal, with one key per scope set, run in-process.
final class TestServer: Sendable {
    let root: URL
    let server: ReportServer
    var store: Store { server.store }
    var portal: URL { server.portal.root }
    /// The store's location, as `--db` takes it.
    let db: String
    /// Tokens by what they may do.
    let all: String, ingestOnly: String, readOnly: String

    init(
        maxBodyBytes: Int? = nil, flags extra: [String: String] = [:], backend: TestStore = .sqlite,
        label: String = #function
    ) async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("socreport-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        db = try backend.location(in: root, label: label)
        var flags = ["db": db, "portal": root.appendingPathComponent("portal").path, "workers": "1"]
        if let maxBodyBytes { flags["max-body-bytes"] = String(maxBodyBytes) }
        flags.merge(extra) { $1 }
        server = try ReportServer(config: ServerConfig.load(file: nil, environment: [:], flags: flags))
        all = try await APIKeys.create(in: server.store, name: "all", scopes: APIScope.allCases)
        ingestOnly = try await APIKeys.create(in: server.store, name: "ingest-only", scopes: [.ingest])
        readOnly = try await APIKeys.create(in: server.store, name: "read-only", scopes: [.read])
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// Runs `body` against the application through Hummingbird's router test client, then stops the workers.
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        do {
            try await server.application().test(.router) { client in try await body(client) }
        } catch {
            await server.pool.stop()
            throw error
        }
        await server.pool.stop()
    }
}

extension TestClientProtocol {
    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, json: Any? = nil, body: String? = nil,
        contentType: String = "application/json", headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let json {
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        } else if let body {
            buffer = ByteBuffer(string: body)
        }
        if buffer != nil { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: method, headers: headers, body: buffer)
    }
}

extension TestResponse {
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    var text: String { String(buffer: body) }

    /// The problem lines of a problem-details answer; records a failure when the answer is not one.
    var problems: [String] {
        #expect(headers[.contentType] == "application/problem+json", "\(status): \(text)")
        #expect(json["status"] as? Int == Int(status.code))
        return json["problems"] as? [String] ?? []
    }
}

/// Contract documents for the tests, built here so that they need nothing outside the package.
enum Documents {
    static let at = "2026-03-10T01:00:00Z"

    static func tenant(_ id: String = "acme") -> [String: Any] {
        [
            "id": id, "name": "Acme 株式会社", "language": "ja", "timeZone": "Asia/Tokyo",
            "contacts": [["name": "SOC desk", "email": "soc@acme.example", "phone": "03-0000-0000"]],
        ]
    }

    static func tenants(_ ids: [String] = ["acme"]) -> [String: Any] {
        ["kind": "tenants", "schemaVersion": 1, "tenants": ids.map { tenant($0) }]
    }

    static func incident(
        id: String = "INC-1", revision: Int = 1, tenant: String = "acme", title: String = "フィッシングサイトへのアクセス"
    ) -> [String: Any] {
        [
            "kind": "incident", "schemaVersion": 1, "id": id, "revision": revision, "tenant": self.tenant(tenant),
            "title": title,
            "severity": "critical", "threatType": "phishing", "detectedAt": at, "determinedAt": at,
            "analysis": ["summary": "概要。", "victims": [["host": "PC-1"]], "occurredAt": at],
            "recommendations": ["actions": ["PC-1 を隔離してください。"]],
            "attack": ["overview": "概要。", "stage": "delivery", "description": "説明。"],
        ]
    }

    static func metrics(tenant: String = "acme", month: String = "2026-03") -> [String: Any] {
        [
            "kind": "metrics", "schemaVersion": 1, "tenantId": tenant, "month": month,
            "funnel": ["logsBySource": ["proxy": 1000], "events": 10, "escalated": 1],
        ]
    }
}
