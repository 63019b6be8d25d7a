import Foundation
import HTTPTypes
import HummingbirdTesting
import SOCPublishing
import Testing

/// Monthly runs listed and cancelled through the API.
@Suite struct MonthlyRunAPITests {
    @Test func aRunIsListedAndCancelledAndAnEndedOneIsNot() async throws {
        let t = try await TestServer()
        let ids = (1...6).map { "t\($0)" }
        try await t.test { client in
            _ = try await client.call(
                .post, "/api/v1/documents", token: t.all,
                json: [Documents.tenants(ids)] + ids.map { Documents.metrics(tenant: $0) })
            let finished = try await client.call(
                .post, "/api/v1/monthly-runs", token: t.all, json: ["month": "2026-03", "tenants": ["t1"]])
            let finishedURL = try #require(finished.headers[.location])
            for _ in 0..<600 {
                if try await client.call(.get, finishedURL, token: t.all).json["state"] as? String != "running" {
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }

            // The one worker held: the run's first tenant waits in the pool, the others in the run.
            let holder = RenderPoolTests.Holder(t.server.pool)
            await holder.holding()
            let started = try await client.call(.post, "/api/v1/monthly-runs", token: t.all, json: ["month": "2026-04"])
            let location = try #require(started.headers[.location])
            try await RenderPoolTests.until { t.server.pool.waiting(.batch) == 1 }

            let listed = try await client.call(.get, "/api/v1/monthly-runs", token: t.all)
            let runs = try #require(listed.json["runs"] as? [[String: Any]])
            #expect(
                Set(runs.compactMap { $0["id"] as? String }) == [
                    finished.json["id"] as? String, started.json["id"] as? String,
                ])
            #expect(
                runs.map { "\($0["month"] ?? "")/\($0["state"] ?? "")" }.sorted() == [
                    "2026-03/finished", "2026-04/running",
                ])
            #expect(try await client.call(.get, "/api/v1/monthly-runs", token: t.readOnly).status == .forbidden)

            let cancelled = try await client.call(.delete, location, token: t.all)
            #expect(cancelled.status == .ok && cancelled.json["state"] as? String == "cancelled", "\(cancelled.text)")
            try await RenderPoolTests.until { t.server.pool.waiting(.batch) == 0 }
            try await holder.end()
            try await Task.sleep(for: .milliseconds(500))
            let after = try await client.call(.get, location, token: t.all).json
            #expect(
                after["state"] as? String == "cancelled" && after["done"] as? Int == 0 && after["total"] as? Int == 6,
                "\(after)")
            #expect(
                !FileManager.default.fileExists(atPath: t.portal.appendingPathComponent("t1/monthly/2026-04.pdf").path))

            let ended = try await client.call(.delete, finishedURL, token: t.all)
            #expect(
                ended.status == .conflict && ended.json["detail"] as? String == "the monthly run has ended: finished",
                "\(ended.text)")
            #expect(try await client.call(.delete, "/api/v1/monthly-runs/nope", token: t.all).status == .notFound)
        }
    }
}
