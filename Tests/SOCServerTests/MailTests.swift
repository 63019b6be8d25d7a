import Foundation
import RelayTestSupport
import SOCMail
import Testing

/// The server with a relay: publishing queues the notification, the deliverer sends it.
@Suite struct ServerMailTests {
    @Test func publishQueuesTheMailTheDelivererSendsAndTheEntryShowsItsTime() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("socreport-server-relay-\(UUID().uuidString)")
        let relay = try Relay(out: root)
        let t = try await TestServer(flags: ["smtp": "smtp://localhost:\(relay.port)", "mail-from": "SOC <soc@provider.example>",
                                       "public-url": "https://portal.provider.example"])
        let deliverer = try #require(try t.server.mailDelivery())
        try await t.test { client in
            let created = try await client.call(.post, "/api/v1/incidents", token: t.all, json: Documents.incident())
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["telephone"] as? [[String: String]] == [["name": "SOC desk", "phone": "03-0000-0000"]])
            #expect(created.json["notifiedAt"] == nil, "not sent yet")

            await deliverer.round()
            let received = try relay.received()
            #expect(received.map(\.rcptTos) == [["soc@acme.example"]])
            #expect(received.first?.body?.contains("https://portal.provider.example/acme/incidents/2026/03/INC-1-r1.pdf") == true)

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
        }
        relay.stop()
        try? FileManager.default.removeItem(at: root)
    }
}
