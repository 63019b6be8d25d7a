import Foundation
import PostgresTestSupport
import RelayTestSupport
import SOCStore
import Testing

/// Escalation with the real binary: two `socreport serve` on one store, one killed with SIGKILL after it
/// escalated and a third started in its place, still send one escalation mail and one webhook POST; staff
/// record a call from the board's "call now" row in Chromium (Browser/call_now.py); and `socreport call
/// record` records a call as the board's form does.
@Suite struct EscalationCommandTests {
    static let secret = "a webhook secret of some length"

    @Test(arguments: TestStore.allCases)
    func twoServersAndARestartEscalateOnce(store: TestStore) async throws {
        let ws = try Workspace(store: store)
        let token = try #require(
            try ws.run(["apikey", "create", "--db", ws.db, "--name", "t", "--scope", "publish", "read", "tenants"])
                .stdout.split(separator: "\n").last.map(String.init))
        let relay = try Relay(out: ws.url.appendingPathComponent("relay"))
        let sink = try WebhookSink(out: ws.url.appendingPathComponent("webhook"), secret: Self.secret)
        defer { relay.stop(); sink.stop() }
        let serve = [
            "serve", "--db", ws.db, "--portal", ws.portal.path, "--listen", "127.0.0.1:0", "--workers", "1",
            "--smtp", "smtp://localhost:\(relay.port)?tls=none", "--mail-from", "soc@provider.example",
            "--public-url", "https://portal.provider.example", "--escalation-after", "2s", "--webhook", sink.url,
            "--webhook-secret", Self.secret,
        ]
        var servers = try (0..<2).map { _ in try CLI.start(serve, in: ws.url) }
        defer {
            for server in servers where server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) }
        }
        let port = try await ServeTests.listeningPort(servers[0])
        _ = try await ServeTests.listeningPort(servers[1])

        var tenant = Fixtures.tenant("acme")
        tenant["contacts"] = [
            ["name": "情報システム部", "email": "soc@acme.example", "phone": "03-0000-0000"],
            ["name": "夜間当番", "email": "oncall@acme.example", "phone": "090-1111-2222", "role": "escalation"],
        ]
        let body = try JSONSerialization.data(
            withJSONObject: Fixtures.incident(tenant, id: "INC-1", severity: "critical"))
        let answer = try Loopback.exchange(
            port: port, Loopback.request("POST", "/api/v1/incidents", token: token, contentLength: body.count) + body)
        #expect(answer.hasPrefix("HTTP/1.1 201"), "\(answer)")

        // The notification, then, nobody acknowledging, one escalation mail and one webhook.
        #expect(
            Relay.wait(seconds: 30) { (try? relay.received().count) == 2 },
            "\((try? relay.received().map(\.rcptTos)) ?? [])")
        #expect(Relay.wait(seconds: 30) { (try? sink.received().count) == 1 })
        kill(servers[0].process.processIdentifier, SIGKILL)
        servers[0].process.waitUntilExit()
        servers.append(try CLI.start(serve, in: ws.url))
        _ = try await ServeTests.listeningPort(servers[2])
        try await Task.sleep(for: .seconds(6))
        let mails = try relay.received()
        #expect(mails.map(\.rcptTos) == [["soc@acme.example"], ["oncall@acme.example"]])
        let posts = try sink.received()
        #expect(posts.count == 1 && posts[0].signatureValid && posts[0].answered == 200)
        #expect((posts.first?.body["incident"] as? [String: Any])?["severity"] as? String == "critical")
        // In Chromium, staff see "call now" with the number and record a call through the board's form.
        if store == .sqlite {
            let password = "correct horse battery staple"
            let staff = try ws.run(
                ["user", "add", "--db", ws.db, "--email", "staff@provider.example", "--staff"],
                stdin: Data("\(password)\n".utf8))
            #expect(staff.status == 0, "\(staff.stderr)")
            let screenshots =
                ProcessInfo.processInfo.environment["SOCREPORT_SCREENSHOTS"].map { URL(fileURLWithPath: $0) }
                ?? ws.url.appendingPathComponent("screenshots")
            let called = try Browser.run(
                "call_now.py",
                [
                    "--base", "http://127.0.0.1:\(try await ServeTests.listeningPort(servers[2]))", "--user",
                    "staff@provider.example",
                    "--password", password, "--row", "acme-INC-1-r1", "--phone", "090-1111-2222", "--callee", "夜間当番",
                    "--note", "留守電に折り返しを依頼", "--out", screenshots.path,
                ], in: ws.url)
            #expect(called.contains("call recorded"), "\(called)")
        }
        for server in servers.dropFirst() {
            kill(server.process.processIdentifier, SIGTERM)
            server.process.waitUntilExit()
            #expect(server.process.terminationStatus == 0, "\(server.result().stderr)")
        }
    }

    /// Killed while the paging system holds the POST: the escalation is not made again, and the webhook is
    /// POSTed again after the lease with the same Idempotency-Key, so the receiver pages once.
    @Test func aServerKilledMidWebhookPostsAgainWithTheSameKey() async throws {
        let ws = try Workspace()
        let token = try #require(
            try ws.run(["apikey", "create", "--db", ws.db, "--name", "t", "--scope", "publish", "read", "tenants"])
                .stdout.split(separator: "\n").last.map(String.init))
        let relay = try Relay(out: ws.url.appendingPathComponent("relay"))
        let sink = try WebhookSink(out: ws.url.appendingPathComponent("webhook"), secret: Self.secret, holdFirst: 30)
        defer { relay.stop(); sink.stop() }
        let serve = [
            "serve", "--db", ws.db, "--portal", ws.portal.path, "--listen", "127.0.0.1:0", "--workers", "1",
            "--smtp", "smtp://localhost:\(relay.port)?tls=none", "--mail-lease", "2", "--escalation-after", "1s",
            "--webhook", sink.url, "--webhook-secret", Self.secret,
        ]
        let first = try CLI.start(serve, in: ws.url)
        defer { if first.process.isRunning { kill(first.process.processIdentifier, SIGKILL) } }
        let port = try await ServeTests.listeningPort(first)
        var tenant = Fixtures.tenant("acme")
        tenant["contacts"] = [
            ["name": "情報システム部", "email": "soc@acme.example"],
            ["name": "夜間当番", "email": "oncall@acme.example", "role": "escalation"],
        ]
        let body = try JSONSerialization.data(
            withJSONObject: Fixtures.incident(tenant, id: "INC-1", severity: "serious"))
        let answer = try Loopback.exchange(
            port: port, Loopback.request("POST", "/api/v1/incidents", token: token, contentLength: body.count) + body)
        #expect(answer.hasPrefix("HTTP/1.1 201"), "\(answer)")

        #expect(
            Relay.wait(seconds: 30) { (try? sink.received().count) == 1 },
            "the POST reached the receiver, which holds it")
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        let second = try CLI.start(serve, in: ws.url)
        defer { if second.process.isRunning { kill(second.process.processIdentifier, SIGKILL) } }
        _ = try await ServeTests.listeningPort(second)
        #expect(
            Relay.wait(seconds: 30) { (try? sink.received().count) == 2 },
            "POSTed again once the dead deliverer's lease ran out")
        try await Task.sleep(for: .seconds(4))
        let posts = try sink.received()
        #expect(
            posts.count == 2 && posts.allSatisfy { $0.idempotencyKey == "acme/INC-1/r1" && $0.signatureValid },
            "\(posts.map(\.idempotencyKey))")
        #expect(Relay.wait(seconds: 10) { (try? relay.received().count) == 2 })
        #expect(
            try relay.received().map(\.rcptTos) == [["soc@acme.example"], ["oncall@acme.example"]],
            "one escalation mail")
        kill(second.process.processIdentifier, SIGTERM)
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 0, "\(second.result().stderr)")
    }

    @Test func callRecordRecordsACallAboutAStoredRevision() async throws {
        let ws = try Workspace()
        let incident = ws.url.appendingPathComponent("incident.json")
        try JSONSerialization.data(
            withJSONObject: Fixtures.incident(Fixtures.tenant("acme"), id: "INC-1", severity: "critical")
        ).write(to: incident)
        let ingested = try ws.run(["ingest", "--db", ws.db, incident.path])
        #expect(ingested.status == 0, "\(ingested.stderr)")
        let call = [
            "call", "record", "--db", ws.db, "--tenant", "acme", "--incident", "INC-1", "--by",
            "staff@provider.example", "--to", "情報システム部",
        ]
        let recorded = try ws.run(call + ["--revision", "1", "--outcome", "reached", "--note", "隔離済みと確認"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(
            recorded.stdout.hasPrefix("recorded: staff@provider.example called 情報システム部 about acme/INC-1 r1 at "),
            "\(recorded.stdout)")
        let unknown = try ws.run(call + ["--revision", "9", "--outcome", "reached"])
        #expect(
            unknown.status != 0
                && unknown.stderr.contains("--incident: the store has no revision 9 of INC-1 for tenant acme"),
            "\(unknown.stderr)")
        let badOutcome = try ws.run(call + ["--revision", "1", "--outcome", "busy"])
        #expect(
            badOutcome.status != 0 && badOutcome.stderr.contains("--outcome: \"busy\" is not reached or no-answer"),
            "\(badOutcome.stderr)")
        let calls = try await Store(location: ws.db).calls(tenantID: "acme", incidentID: "INC-1")
        #expect(
            calls.map { "\($0.caller) \($0.callee) \($0.outcome.rawValue) \($0.note ?? "")" } == [
                "staff@provider.example 情報システム部 reached 隔離済みと確認"
            ])
    }
}
