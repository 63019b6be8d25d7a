import Foundation
import RelayTestSupport
import SOCModel
import SOCPortal
import Testing

/// `incident publish --smtp`, `mail list` and `mail retry` against a real relay on loopback.
@Suite struct MailCommandTests {
    static let sender = [
        "--mail-from", "SOC 報告 <soc@provider.example>", "--public-url", "https://portal.provider.example",
    ]

    @Test func publishDeliversBeforeExitingAndListsTheQueue() throws {
        let work = try Workspace()
        let relay = try Relay(out: work.url.appendingPathComponent("relay"))
        let incident = try JSONSerialization.data(
            withJSONObject: Fixtures.incident(Fixtures.tenant("acme"), id: "INC-1", severity: "critical"))
        let arguments =
            [
                "incident", "publish", "-", "--db", work.db, "--portal", work.portal.path,
                "--smtp", "smtp://localhost:\(relay.port)?tls=none",
            ] + Self.sender
        let result = try work.run(arguments, stdin: incident)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("telephone Phone only: 03-0000-0000"), "critical: the contact with a phone is named")
        #expect(lines.last == "mail: sent 1, waiting 0, failed 0")
        #expect(try relay.received().map(\.rcptTos) == [["soc@acme.example"]])
        let notified = try #require(try work.manifest("acme").documents.first { $0.kind == .incident }?.notifiedAt)

        let list = try work.run(["mail", "list", "--db", work.db])
        #expect(list.status == 0, "\(list.stderr)")
        let rows = list.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 2)
        #expect(
            rows.first?.hasPrefix(
                "1  sent  attempts=1  acme/INC-1 r1  soc@acme.example  sent \(notified)  answer: 250 ") == true,
            "\(rows)")
        #expect(rows.last == "    telephone Phone only: 03-0000-0000")
        #expect(try work.run(["mail", "list", "--db", work.db, "--state", "failed"]).stdout.isEmpty)

        // Again: nothing new queued or sent.
        let again = try work.run(arguments, stdin: incident)
        #expect(again.status == 0 && !again.stdout.contains("mail:"))
        #expect(try relay.received().count == 1)
    }

    /// A deliverer killed with SIGKILL mid-queue: after a restart every mail arrives exactly once.
    @Test func aKilledDelivererDeliversEachMailExactlyOnceAfterRestart() throws {
        let work = try Workspace()
        var tenant = Fixtures.tenant("acme")
        tenant["contacts"] = (1...4).map { ["name": "担当者 \($0)", "email": "contact\($0)@acme.example"] }
        let incident = try JSONSerialization.data(
            withJSONObject: Fixtures.incident(tenant, id: "INC-1", severity: "medium"))
        // Published while the relay is down: four mails wait in the queue.
        let down = try Relay(out: work.url.appendingPathComponent("probe"))
        let port = down.port
        down.stop()
        let relayURL = "smtp://localhost:\(port)?tls=none"
        let published = try work.run(
            ["incident", "publish", "-", "--db", work.db, "--portal", work.portal.path, "--smtp", relayURL]
                + Self.sender,
            stdin: incident)
        #expect(published.status == 0, "\(published.stderr)")
        #expect(published.stdout.contains("mail: sent 0, waiting 4, failed 0"))

        // The relay holds every recipient for a while; the deliverer is killed while it holds the third.
        let relay = try Relay(
            out: work.url.appendingPathComponent("relay"), port: port, arguments: ["--slow-rcpt", "0.4"])
        let retry = ["mail", "retry", "--all", "--db", work.db, "--smtp", relayURL, "--lease", "2"]
        let deliverer = try CLI.start(retry, in: work.url)
        #expect(Relay.wait { relay.holding() == 2 })
        kill(deliverer.process.processIdentifier, SIGKILL)
        deliverer.process.waitUntilExit()
        #expect(try relay.received().count == 2)
        let states = try work.run(["mail", "list", "--db", work.db]).stdout
        #expect(states.components(separatedBy: "  sent  ").count - 1 == 2)
        #expect(states.components(separatedBy: "  sending  ").count - 1 == 2, "\(states)")

        // Restarted after the killed deliverer's lease ran out.
        sleep(3)
        let restarted = try work.run(retry)
        #expect(restarted.status == 0, "\(restarted.stderr)")
        #expect(restarted.stdout.contains("mail: sent 2, waiting 0, failed 0"))
        let received = try relay.received()
        #expect(received.map(\.rcptTos).flatMap { $0 }.sorted() == (1...4).map { "contact\($0)@acme.example" })
        #expect(Set(received.map(\.messageId)).count == 4)
        #expect(
            try work.run(["mail", "list", "--db", work.db, "--state", "sent"]).stdout.split(separator: "\n").count == 4)
    }
}
