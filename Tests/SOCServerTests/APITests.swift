import Foundation
import HTTPTypes
import HummingbirdTesting
import SOCPortal
import SOCServer
import SOCStore
import Testing

/// Every route through Hummingbird's test client, against a real store, portal and render worker.
@Suite struct APITests {
    @Test func healthReadinessAndMetrics() async throws {
        let t = try await TestServer()
        try await t.test { client in
            let health = try await client.call(.get, "/healthz", token: nil)
            #expect(health.status == .ok && health.json["status"] as? String == "alive")
            let ready = try await client.call(.get, "/readyz", token: nil)
            #expect(ready.status == .ok && ready.json["renderWorkers"] as? Int == 1, "\(ready.text)")
            _ = try await client.call(.get, "/api/v1/tenants/acme/entries", token: nil)
            let metrics = try await client.call(.get, "/metrics", token: nil)
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(
                metrics.text.contains(#"socreport_http_requests_total{route="/healthz",method="GET",status="200"} 1"#),
                "\(metrics.text)")
            #expect(
                metrics.text.contains(
                    #"socreport_http_requests_total{route="/api/v1/tenants/{tenant}/entries",method="GET",status="401"} 1"#
                ))
        }
    }

    @Test func keysAreRequiredAndScoped() async throws {
        let t = try await TestServer()
        try await t.test { client in
            let missing = try await client.call(.get, "/api/v1/tenants/acme/entries", token: nil)
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(missing.problems.isEmpty)
            let unknown = try await client.call(.get, "/api/v1/tenants/acme/entries", token: t.all + "0")
            #expect(unknown.status == .unauthorized)
            let notBearer = try await client.call(
                .get, "/api/v1/tenants/acme/entries", token: nil, headers: [.authorization: "Basic \(t.all)"])
            #expect(notBearer.status == .unauthorized)

            let noScope = try await client.call(
                .post, "/api/v1/incidents", token: t.readOnly, json: Documents.incident())
            #expect(
                noScope.status == .forbidden
                    && noScope.json["detail"] as? String == #"the API key "read-only" lacks the "publish" scope"#)
            let noRead = try await client.call(.get, "/api/v1/tenants/acme/entries", token: t.ingestOnly)
            #expect(noRead.status == .forbidden)
            #expect(try await t.store.tenantIDs().isEmpty, "a refused request stores nothing")

            #expect(try await t.store.revokeAPIKey(name: "ingest-only"))
            let revoked = try await client.call(
                .post, "/api/v1/documents", token: t.ingestOnly, json: Documents.tenants())
            #expect(revoked.status == .unauthorized)
        }
    }

    @Test func ingestIsAllOrNothing() async throws {
        let t = try await TestServer()
        try await t.test { client in
            var broken = Documents.metrics()
            broken["month"] = "2026-13"
            let invalid = try await client.call(
                .post, "/api/v1/documents", token: t.ingestOnly,
                json: [Documents.tenants(), broken, Documents.incident(title: "")])
            #expect(invalid.status == .badRequest)
            let lines = invalid.problems
            #expect(lines.contains { $0.hasPrefix("$[1].month: ") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("$[2].title: ") }, "\(lines)")
            #expect(try await t.store.tenantIDs().isEmpty)

            let unknownTenant = try await client.call(
                .post, "/api/v1/documents", token: t.ingestOnly,
                json: [Documents.tenants(), Documents.metrics(tenant: "nobody")])
            #expect(unknownTenant.status == .unprocessableContent)
            #expect(
                unknownTenant.problems == [
                    #"$[1].tenantId: unknown tenant "nobody": ingest its tenants document first"#
                ])
            #expect(
                try await t.store.tenantIDs().isEmpty,
                "the valid tenants document of the same request is not stored either")

            let ndjson = [Documents.tenants(), Documents.metrics()]
                .map { String(decoding: try! JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }.joined(
                    separator: "\n")
            let stored = try await client.call(
                .post, "/api/v1/documents", token: t.ingestOnly, body: ndjson, contentType: "application/x-ndjson")
            #expect(stored.status == .ok && stored.json["added"] as? Int == 2, "\(stored.text)")
            #expect((stored.json["changes"] as? [[String: Any]])?.first?["position"] as? String == "line 1: $")
            let again = try await client.call(
                .post, "/api/v1/documents", token: t.ingestOnly, body: ndjson, contentType: "application/x-ndjson")
            #expect(again.json["unchanged"] as? Int == 2)
        }
    }

    @Test func bodiesMustBeJSONAndWithinTheLimit() async throws {
        let t = try await TestServer(maxBodyBytes: 4096)
        try await t.test { client in
            let text = try await client.call(
                .post, "/api/v1/documents", token: t.all, body: "{}", contentType: "text/plain")
            #expect(text.status == .unsupportedMediaType)
            #expect(text.problems.isEmpty)
            let missing = try await client.call(.post, "/api/v1/documents", token: t.all, headers: [:])
            #expect(missing.status == .unsupportedMediaType)
            let large = try await client.call(
                .post, "/api/v1/documents", token: t.all,
                json: Documents.incident(title: String(repeating: "長", count: 2000)))
            #expect(large.status == .contentTooLarge)
            #expect(large.json["detail"] as? String == "the body is larger than the limit of 4096 bytes")
            let malformed = try await client.call(.post, "/api/v1/documents", token: t.all, body: "{\"kind\": ")
            #expect(malformed.status == .badRequest)
            #expect(malformed.problems.first?.contains("line 1") == true, "\(malformed.text)")
            #expect(try await t.store.tenantIDs().isEmpty)
        }
    }

    @Test func publishesAnIncidentOnceAndServesIt() async throws {
        let t = try await TestServer()
        try await t.test { client in
            let created = try await client.call(.post, "/api/v1/incidents", token: t.all, json: Documents.incident())
            #expect(created.status == .created, "\(created.text)")
            let entry = created.json
            #expect(
                entry["tenant"] as? String == "acme" && entry["id"] as? String == "INC-1"
                    && entry["revision"] as? Int == 1)
            #expect(entry["path"] as? String == "incidents/2026/03/INC-1-r1.pdf")
            #expect(created.headers[.location] == "/api/v1/tenants/acme/entries/incidents/2026/03/INC-1-r1.pdf")
            let file = t.portal.appendingPathComponent("acme/incidents/2026/03/INC-1-r1.pdf")
            let pdf = try Data(contentsOf: file)
            #expect(pdf.prefix(5) == Data("%PDF-".utf8))
            #expect(entry["bytes"] as? Int == pdf.count && entry["sha256"] as? String == ContentDigest.sha256Hex(pdf))
            #expect((entry["published"] as? String)?.hasSuffix("Z") == true)

            let again = try await client.call(.post, "/api/v1/incidents", token: t.all, json: Documents.incident())
            #expect(again.status == .ok)
            #expect(
                again.json["published"] as? String == entry["published"] as? String
                    && again.json["sha256"] as? String == entry["sha256"] as? String)
            #expect(
                try await t.store.publications(tenantID: "acme").filter { $0.kind == .incident }.count == 1,
                "no second PDF for the same revision")

            let changed = try await client.call(
                .post, "/api/v1/incidents", token: t.all, json: Documents.incident(title: "別の件名"))
            #expect(changed.status == .conflict)
            #expect(changed.problems.first?.hasPrefix("$.revision: ") == true)
            #expect(try await t.store.incident(tenantID: "acme", id: "INC-1", revision: 1)?.title == "フィッシングサイトへのアクセス")

            let invalid = try await client.call(
                .post, "/api/v1/incidents", token: t.all, json: Documents.incident(id: "INC-2", title: ""))
            #expect(
                invalid.status == .badRequest && invalid.problems.contains { $0.hasPrefix("$.title: ") },
                "\(invalid.text)")
            let notIncident = try await client.call(.post, "/api/v1/incidents", token: t.all, json: Documents.tenants())
            #expect(notIncident.status == .badRequest && !notIncident.problems.isEmpty)
            #expect(try await t.store.incidentKeys().count == 1)

            let list = try await client.call(.get, "/api/v1/tenants/acme/entries", token: t.readOnly)
            #expect(list.status == .ok)
            let entries = list.json["entries"] as? [[String: Any]] ?? []
            let reports = entries.filter { $0["kind"] as? String == "incident" }
            #expect(reports.count == 1 && reports.first?["sha256"] as? String == entry["sha256"] as? String)
            let indicators = entries.filter { $0["kind"] as? String == "ioc" }
            #expect(indicators.count == 5, "the report's indicator files are listed beside it")
            #expect(
                indicators.allSatisfy {
                    $0["report"] as? String == "incidents/2026/03/INC-1-r1.pdf" && $0["format"] is String
                })

            let served = try await client.call(
                .get, "/api/v1/tenants/acme/entries/incidents/2026/03/INC-1-r1.pdf", token: t.readOnly)
            #expect(served.status == .ok && served.headers[.contentType] == "application/pdf")
            #expect(Data(buffer: served.body) == pdf)
            #expect(served.headers[.eTag] == "\"\(ContentDigest.sha256Hex(pdf))\"")
        }
    }

    @Test func servesOnlyListedEntriesOfKnownTenants() async throws {
        let t = try await TestServer()
        try await t.test { client in
            _ = try await client.call(
                .post, "/api/v1/documents", token: t.all, json: Documents.tenants(["acme", "other"]))
            try Data("secret".utf8).write(to: t.root.appendingPathComponent("secret.txt"))
            try FileManager.default.createDirectory(
                at: t.portal.appendingPathComponent("other"), withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: t.portal.appendingPathComponent("other/unlisted.pdf"))
            for path in [
                "index.json", "unlisted.pdf", "..%2F..%2Fsecret.txt", "../../secret.txt",
                "incidents/2026/03/INC-9-r1.pdf", ".publish.lock",
            ] {
                let answer = try await client.call(.get, "/api/v1/tenants/other/entries/\(path)", token: t.readOnly)
                #expect(answer.status == .notFound, "\(path): \(answer.status)")
                #expect(!answer.text.contains("secret") || answer.text.contains("no entry"))
            }
            let unknown = try await client.call(.get, "/api/v1/tenants/nobody/entries", token: t.readOnly)
            #expect(unknown.status == .notFound && unknown.json["detail"] as? String == #"unknown tenant "nobody""#)
            let empty = try await client.call(.get, "/api/v1/tenants/other/entries", token: t.readOnly)
            #expect(empty.status == .ok && (empty.json["entries"] as? [Any])?.isEmpty == true)
            let noRoute = try await client.call(.get, "/api/v2/nothing", token: nil)
            #expect(noRoute.status == .notFound && noRoute.problems.isEmpty)
            for method in [HTTPRequest.Method.get, .post, .delete] {
                let noAPIRoute = try await client.call(method, "/api/v1/tenants/other/nothing", token: t.readOnly)
                #expect(
                    noAPIRoute.status == .notFound && noAPIRoute.headers[.contentType] == "application/problem+json")
                #expect(noAPIRoute.json["detail"] as? String == "no API route \(method) /api/v1/tenants/other/nothing")
            }
            #expect(
                try await client.call(.get, "/api/v1/nothing", token: nil).status == .unauthorized,
                "the key is checked first")
        }
    }

    @Test func monthlyRunIsAJobReportingProgress() async throws {
        let t = try await TestServer()
        try await t.test { client in
            _ = try await client.call(
                .post, "/api/v1/documents", token: t.all, json: [Documents.tenants(), Documents.metrics()])
            let bad = try await client.call(
                .post, "/api/v1/monthly-runs", token: t.all, json: ["month": "March", "tenants": [1], "x": true])
            #expect(bad.status == .badRequest)
            #expect(
                Set(bad.problems) == [
                    #"$.month: expected a month like "2026-03""#, "$.tenants[0]: expected a tenant id",
                    "$.x: unknown field",
                ])
            let unknown = try await client.call(
                .post, "/api/v1/monthly-runs", token: t.all, json: ["month": "2026-03", "tenants": ["acme", "nobody"]])
            #expect(
                unknown.status == .unprocessableContent
                    && unknown.problems == [#"$.tenants[1]: unknown tenant "nobody""#])
            let readOnly = try await client.call(
                .post, "/api/v1/monthly-runs", token: t.readOnly, json: ["month": "2026-03"])
            #expect(readOnly.status == .forbidden)

            let started = try await client.call(.post, "/api/v1/monthly-runs", token: t.all, json: ["month": "2026-03"])
            #expect(started.status == .accepted, "\(started.text)")
            #expect(started.json["total"] as? Int == 1)
            let location = try #require(started.headers[.location])
            var run: [String: Any] = [:]
            for _ in 0..<600 {
                run = try await client.call(.get, location, token: t.all).json
                if run["state"] as? String != "running" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(run["state"] as? String == "finished", "\(run)")
            #expect(run["done"] as? Int == 1 && run["published"] as? Int == 1 && run["failed"] as? Int == 0, "\(run)")
            #expect(
                FileManager.default.fileExists(atPath: t.portal.appendingPathComponent("acme/monthly/2026-03.pdf").path)
            )
            let missing = try await client.call(.get, "/api/v1/monthly-runs/nope", token: t.all)
            #expect(missing.status == .notFound)
        }
    }

    @Test func requestIDsAreKeptWhenPlainAndAnsweredAlways() async throws {
        let t = try await TestServer()
        try await t.test { client in
            let kept = try await client.call(.get, "/healthz", token: nil, headers: [RequestIDs.header: "caller-42"])
            #expect(kept.headers[RequestIDs.header] == "caller-42")
            let replaced = try await client.call(
                .get, "/healthz", token: nil, headers: [RequestIDs.header: "a b\nforged=1"])
            #expect(replaced.headers[RequestIDs.header].map { !$0.isEmpty && !$0.contains(" ") } == true)
            let problem = try await client.call(
                .get, "/api/v1/tenants/x/entries", token: nil, headers: [RequestIDs.header: "caller-43"])
            #expect(
                problem.headers[RequestIDs.header] == "caller-43" && problem.json["requestId"] as? String == "caller-43"
            )
        }
    }
}
