import Foundation
import RelayTestSupport
import SOCMail
import Testing

/// The server with a relay: publishing queues the notification, the deliverer sends it.
@Suite struct ServerMailTests {
    @Test func publishQueuesTheMailTheDelivererSendsAndTheEntryShowsItsTime() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "socreport-server-relay-\(UUID().uuidString)")
        let relay = try Relay(out: root)
        let t = try await TestServer(flags: [
            "smtp": "smtp://localhost:\(relay.port)?tls=none", "mail-from": "SOC <soc@provider.example>",
            "public-url": "https://portal.provider.example",
        ])
        let deliverer = try #require(try t.server.mailDelivery())
        try await t.test { client in
            let created = try await client.call(.post, "/api/v1/incidents", token: t.all, json: Documents.incident())
            #expect(created.status == .created, "\(created.text)")
            #expect(
                created.json["telephone"] as? [[String: String]] == [["name": "SOC desk", "phone": "03-0000-0000"]])
            #expect(created.json["notifiedAt"] == nil, "not sent yet")

            await deliverer.round()
            let received = try relay.received()
            #expect(received.map(\.rcptTos) == [["soc@acme.example"]])
            #expect(
                received.first?.body?.contains("https://portal.provider.example/t/acme/reports/incident/INC-1\r\n")
                    == true)

            // The same revision again: the same entry, now with its notification time, and no second mail.
            let again = try await client.call(.post, "/api/v1/incidents", token: t.all, json: Documents.incident())
            #expect(again.status == .ok)
            let notified = try await t.store.notificationTime(tenantID: "acme", incidentID: "INC-1", revision: 1)
            #expect(notified != nil && again.json["notifiedAt"] as? String == notified)
            await deliverer.round()
            #expect(try relay.received().count == 1)

            let metrics = try await client.call(.get, "/metrics", token: nil).text
            #expect(metrics.contains("socreport_mails_sent_total 1"), "\(metrics)")
            #expect(metrics.contains(#"socreport_mail_queue{state="sent"} 1"#))
            #expect(metrics.contains(#"socreport_mail_queue{state="queued"} 0"#))
            // Determined 2026-03-10T01:00:00Z: the one notification took far longer than 900 s; nobody acknowledged it.
            #expect(
                metrics.contains("socreport_notification_delay_seconds_count 1")
                    && metrics.contains(#"socreport_notification_delay_seconds_bucket{le="+Inf"} 1"#),
                "\(metrics)")
            #expect(metrics.contains("socreport_revisions_awaiting_acknowledgement 1"))
        }
        relay.stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// A relay that greets 554: the mail waits (not failed), the refusal is logged, counted and shown by
    /// `/readyz`; once the relay recovers the mail arrives, once.
    @Test func aRefusedSessionIsShownAndTheMailArrivesOnceTheRelayRecovers() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "socreport-server-relay-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let relay = try Relay(out: root, arguments: ["--refuse-sessions", "1"])
        let t = try await TestServer(flags: [
            "smtp": "smtp://localhost:\(relay.port)?tls=none", "mail-from": "soc@provider.example",
        ])
        let deliverer = try #require(try t.server.mailDelivery())
        try await t.test { client in
            #expect(
                try await client.call(.get, "/readyz", token: nil).json["mailRelay"] as? [String: String] == [
                    "status": "accepting"
                ])
            #expect(
                try await client.call(.post, "/api/v1/incidents", token: t.all, json: Documents.incident()).status
                    == .created)
            await deliverer.round()
            let mail = try #require(try await t.store.mails().first)
            #expect(
                mail.state == .queued && mail.lastAnswer?.contains("554") == true && mail.nextAttemptAt > Date(),
                "\(mail)")
            let ready = try await client.call(.get, "/readyz", token: nil)
            #expect(ready.status == .ok, "the server still publishes")
            let relayState = try #require(ready.json["mailRelay"] as? [String: Any])
            let refusal = try #require(relayState["refusal"] as? [String: Any])
            #expect(relayState["status"] as? String == "refusing" && refusal["rounds"] as? Int == 1)
            #expect((refusal["answer"] as? String)?.contains("greeting: 554 5.3.2") == true, "\(refusal)")
            #expect(
                try await client.call(.get, "/metrics", token: nil).text.contains(
                    "socreport_mail_session_failures_total 1"))

            try await t.store.retryMails(ids: nil)
            await deliverer.round()
            #expect(try relay.received().map(\.rcptTos) == [["soc@acme.example"]])
            #expect(
                try await client.call(.get, "/readyz", token: nil).json["mailRelay"] as? [String: String] == [
                    "status": "accepting"
                ])
            await deliverer.round()
            #expect(try relay.received().count == 1)
        }
        relay.stop()
    }
}
