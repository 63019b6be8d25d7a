import Foundation
import RelayTestSupport
import Testing

/// `socreport serve` killed with SIGKILL while it delivers: after a restart each mail arrives exactly once.
@Suite struct ServeMailTests {
    @Test func aKilledServerDeliversEachMailExactlyOnceAfterRestart() async throws {
        let ws = try Workspace()
        let token = try #require(try ws.run(["apikey", "create", "--db", ws.db, "--name", "t", "--scope", "publish", "read", "tenants"])
            .stdout.split(separator: "\n").last.map(String.init))
        // The relay holds every recipient for a while, so the kill lands at a known point.
        let relay = try Relay(out: ws.url.appendingPathComponent("relay"), arguments: ["--slow-rcpt", "0.4"])
        let serve = ["serve", "--db", ws.db, "--portal", ws.portal.path, "--listen", "127.0.0.1:0", "--workers", "1",
                     "--smtp", "smtp://localhost:\(relay.port)", "--mail-from", "soc@provider.example", "--mail-lease", "2"]

        let first = try CLI.start(serve, in: ws.url)
        defer { if first.process.isRunning { kill(first.process.processIdentifier, SIGKILL) } }
        let port = try await ServeTests.listeningPort(first)
        var tenant = Fixtures.tenant("acme")
        tenant["contacts"] = (1...4).map { ["name": "担当者 \($0)", "email": "contact\($0)@acme.example"] }
        let body = try JSONSerialization.data(withJSONObject: Fixtures.incident(tenant, id: "INC-1"))
        let answer = try Loopback.exchange(port: port, Loopback.request("POST", "/api/v1/incidents", token: token, contentLength: body.count) + body)
        #expect(answer.hasPrefix("HTTP/1.1 201"), "\(answer)")

        #expect(Relay.wait { relay.holding() == 2 }, "the deliverer reached the third mail")
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        #expect(try relay.received().count == 2)

        // Restarted once the dead deliverer's lease has run out: the two mails left are sent, once each.
        try await Task.sleep(for: .seconds(2.5))
        let second = try CLI.start(serve, in: ws.url)
        defer { if second.process.isRunning { kill(second.process.processIdentifier, SIGKILL) } }
        _ = try await ServeTests.listeningPort(second)
        #expect(Relay.wait(seconds: 30) { (try? relay.received().count) == 4 })
        try await Task.sleep(for: .seconds(3))
        let received = try relay.received()
        #expect(received.flatMap(\.rcptTos).sorted() == (1...4).map { "contact\($0)@acme.example" })
        #expect(Set(received.map(\.messageId)).count == 4)
        kill(second.process.processIdentifier, SIGTERM)
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 0, "\(second.result().stderr)")
        let sent = try ws.run(["mail", "list", "--db", ws.db, "--state", "sent"]).stdout
        #expect(sent.split(separator: "\n").count == 4, "\(sent)")
    }
}
