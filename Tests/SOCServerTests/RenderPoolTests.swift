import Foundation
import HTTPTypes
import HummingbirdTesting
import SOCPublishing
import Synchronization
import Testing

/// The server's one render pool: its queue limit, its priorities.
@Suite struct RenderPoolTests {
    /// A job that holds a render worker until `release` is called.
    final class Holder: Sendable {
        let task: Task<Void, any Error>
        private let started: AsyncStream<Void>
        private let release: AsyncStream<Void>.Continuation

        init(_ pool: RenderPool) {
            let (started, startedContinuation) = AsyncStream<Void>.makeStream()
            let (released, release) = AsyncStream<Void>.makeStream()
            self.started = started
            self.release = release
            task = Task {
                try await pool.submit(priority: .interactive) { _ in
                    startedContinuation.yield()
                    for await _ in released { break }
                }
            }
        }

        func holding() async {
            for await _ in started { break }
        }

        func end() async throws {
            release.yield()
            try await task.value
        }
    }

    static func until(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(20)) }
        #expect(condition())
    }

    @Test func aFullQueueAnswers503WithRetryAfterAndRecovers() async throws {
        let t = try await TestServer(flags: ["queue-limit": "1"])
        try await t.test { client in
            _ = try await client.call(.post, "/api/v1/documents", token: t.all, json: [Documents.tenants()])
            let holder = Holder(t.server.pool)
            await holder.holding()
            let queued = Task {
                try await client.call(.post, "/api/v1/incidents", token: t.all, json: Documents.incident(id: "INC-1"))
            }
            try await Self.until { t.server.pool.waiting(.interactive) == 1 }

            let refused = try await client.call(
                .post, "/api/v1/incidents", token: t.all, json: Documents.incident(id: "INC-2"))
            #expect(refused.status == .serviceUnavailable, "\(refused.text)")
            #expect(refused.headers[.retryAfter].flatMap(Int.init).map { $0 >= 1 } == true, "\(refused.headers)")
            #expect(
                refused.json["detail"] as? String
                    == "the render queue is full; try again in \(refused.headers[.retryAfter] ?? "") s")
            #expect(
                !FileManager.default.fileExists(
                    atPath: t.portal.appendingPathComponent("acme/incidents/2026/03/INC-2-r1.pdf").path))

            try await holder.end()
            #expect(try await queued.value.status == .created)
            let again = try await client.call(
                .post, "/api/v1/incidents", token: t.all, json: Documents.incident(id: "INC-2"))
            #expect(again.status == .created, "\(again.text)")
        }
    }

    /// One worker, held while a monthly run of six tenants queues its first and an incident comes: once
    /// released, the incident is drawn before every monthly report.
    @Test func anIncidentGoesBeforeTheMonthlyTenantsWaiting() async throws {
        let t = try await TestServer()
        let ids = (1...6).map { "t\($0)" }
        try await t.test { client in
            let ingest = try await client.call(
                .post, "/api/v1/documents", token: t.all,
                json: [Documents.tenants(["acme"] + ids)] + ids.map { Documents.metrics(tenant: $0) })
            #expect(ingest.status == .ok, "\(ingest.text)")
            let holder = Holder(t.server.pool)
            await holder.holding()
            let started = try await client.call(
                .post, "/api/v1/monthly-runs", token: t.all, json: ["month": "2026-03", "tenants": ids])
            #expect(started.status == .accepted)
            try await Self.until { t.server.pool.waiting(.batch) == 1 }
            let incident = Task {
                try await client.call(.post, "/api/v1/incidents", token: t.all, json: Documents.incident())
            }
            try await Self.until { t.server.pool.waiting(.interactive) == 1 }
            try await holder.end()
            #expect(try await incident.value.status == .created)

            let location = try #require(started.headers[.location])
            var run: [String: Any] = [:]
            for _ in 0..<600 {
                run = try await client.call(.get, location, token: t.all).json
                if run["state"] as? String != "running" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(run["state"] as? String == "finished" && run["published"] as? Int == 6, "\(run)")
            func written(_ path: String) throws -> Date {
                try #require(
                    try FileManager.default.attributesOfItem(atPath: t.portal.appendingPathComponent(path).path)[
                        .modificationDate] as? Date)
            }
            let incidentWritten = try written("acme/incidents/2026/03/INC-1-r1.pdf")
            for id in ids { #expect(try written("\(id)/monthly/2026-03.pdf") > incidentWritten, "\(id)") }
        }
    }

    /// The jobs in the order the pool drew them.
    final class Drawn: Sendable {
        let names = Mutex<[String]>([])
        func add(_ name: String) { names.withLock { $0.append(name) } }
    }

    /// One worker, held while a monthly tenant and eight incidents queue: once released, the tenant is drawn after
    /// `interactiveJobsPerBatchJob` incidents, not after all of them, so a stream of incidents cannot stop a monthly run.
    @Test func aMonthlyTenantWaitingIsDrawnAfterAFewIncidentsNotAfterAll() async throws {
        let t = try await TestServer()
        let pool = t.server.pool
        #expect(pool.workers == 1)
        let order = Drawn()
        let holder = Holder(pool)
        await holder.holding()
        let batch = Task { try await pool.submit(priority: .batch) { _ in order.add("batch") } }
        try await Self.until { pool.waiting(.batch) == 1 }
        let incidents = (1...8).map { n in
            Task { try await pool.submit(priority: .interactive) { _ in order.add("incident \(n)") } }
        }
        try await Self.until { pool.waiting(.interactive) == 8 }
        try await holder.end()
        try await batch.value
        for incident in incidents { try await incident.value }
        let drawn = order.names.withLock { $0 }
        #expect(drawn.count == 9 && drawn.firstIndex(of: "batch") == RenderPool.interactiveJobsPerBatchJob, "\(drawn)")
    }
}
