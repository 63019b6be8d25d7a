import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresTestSupport
import RelayTestSupport
import SOCModel
import SOCServer
import SOCStore
import SOCWeb
import Testing

/// Escalation on both stores, with a real relay (aiosmtpd) and a real webhook receiver (Python's http.server):
/// an unacknowledged critical revision escalates once after the escalation time, with one mail to the
/// escalation contact and one signed webhook (retried after the receiver's 500), however many escalators race;
/// the board says "call now" with the numbers, and its form records a call.
@Suite struct EscalationTests {
    static let secret = "a webhook secret of some length"

    @Test(arguments: TestStore.allCases)
    func anUnacknowledgedCriticalRevisionEscalatesOnce(_ kind: TestStore) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "socreport-escalation-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let relay = try Relay(out: root.appendingPathComponent("relay"))
        let sink = try WebhookSink(out: root.appendingPathComponent("webhook"), secret: Self.secret, failFirst: 1)
        defer { relay.stop(); sink.stop() }
        let t = try await TestServer(
            flags: [
                "smtp": "smtp://localhost:\(relay.port)?tls=none", "mail-from": "soc@provider.example",
                "public-url": "https://portal.provider.example",
                "escalation-after": "60s", "webhook": sink.url, "webhook-secret": Self.secret,
            ], backend: kind)
        let deliverer = try #require(try t.server.mailDelivery())
        try await t.test { client in
            var tenants = Documents.tenants()
            tenants["tenants"] = [
                Documents.tenant().merging([
                    "escalationMinutes": 30,
                    "contacts": [
                        ["name": "SOC desk", "email": "soc@acme.example", "phone": "03-0000-0000"],
                        [
                            "name": "夜間当番", "email": "oncall@acme.example", "phone": "090-1111-2222",
                            "role": "escalation",
                        ],
                    ],
                ]) { $1 }
            ]
            #expect(try await client.call(.post, "/api/v1/documents", token: t.all, json: [tenants]).status == .ok)
            #expect(
                try await client.call(.post, "/api/v1/incidents", token: t.all, json: Documents.incident()).status
                    == .created)
            await deliverer.round()
            #expect(
                try relay.received().map(\.rcptTos) == [["soc@acme.example"]],
                "the escalation contact gets no first notification")

            // Not yet due (60 s, which overrides the tenant's 30 minutes); then due: of two escalators racing, one escalates.
            let first = t.server.escalations(), second = t.server.escalations()
            #expect(await first.round() == 0)
            let later = Date().addingTimeInterval(120)
            async let a = first.round(now: later)
            async let b = second.round(now: later)
            #expect(await a + b == 1)
            #expect(try await t.store.escalations().count == 1)
            // The receiver answered the first POST 500: the webhook waits for its next attempt.
            #expect(try sink.received().map(\.answered) == [500])
            var escalation = try #require(try await t.store.escalations().first)
            #expect(
                escalation.webhookState == .pending && escalation.webhookAttempts == 1
                    && escalation.webhookAnswer == "HTTP 500")

            // Later rounds escalate nothing more; the next one due delivers the webhook, once.
            #expect(await first.round(now: later.addingTimeInterval(60)) == 0, "once per revision")
            #expect(await second.round(now: later.addingTimeInterval(120)) == 0)
            #expect(try await t.store.escalations().count == 1)
            let posts = try sink.received()
            #expect(posts.map(\.answered) == [500, 200])
            #expect(
                posts.allSatisfy {
                    $0.signatureValid && $0.signature.hasPrefix("sha256=") && $0.contentType == "application/json"
                })
            #expect(posts.allSatisfy { $0.idempotencyKey == "acme/INC-1/r1" }, "every attempt the same key")
            let body = try #require(posts.last).body
            #expect(
                body["event"] as? String == "escalation"
                    && body["report"] as? String == "https://portal.provider.example/t/acme/reports/incident/INC-1")
            #expect((body["incident"] as? [String: Any])?["id"] as? String == "INC-1")
            #expect(
                (body["call"] as? [[String: String]])?.map { $0["phone"] ?? "" } == ["03-0000-0000", "090-1111-2222"])
            escalation = try #require(try await t.store.escalations().first)
            #expect(escalation.webhookState == .sent && escalation.webhookAnswer == "HTTP 200")
            let metrics = try await client.call(.get, "/metrics", token: nil).text
            for (outcome, n) in [("escalated", 1), ("webhook_retrying", 1), ("webhook_sent", 1)] {
                #expect(metrics.contains(#"socreport_escalations_total{outcome="\#(outcome)"} \#(n)"#), "\(metrics)")
            }

            // One escalation mail, to the escalation contact only.
            await deliverer.round()
            let mails = try relay.received()
            #expect(mails.map(\.rcptTos) == [["soc@acme.example"], ["oncall@acme.example"]])
            #expect(
                mails.last?.subject.contains("至急") == true && mails.last?.body?.contains("090-1111-2222") == true,
                "\(mails.last?.body ?? "")")

            // The board: call now, with the numbers; the form records a call.
            try await Accounts(store: t.store, cost: 4).add(
                email: "staff@soc.example", name: "Staff", tenantID: nil, password: "correct horse battery")
            let staff = try await DownloadPathTests.signIn(client, "staff@soc.example", "correct horse battery")
            var board = try await client.call(.get, "/staff/board", token: nil, headers: staff).text
            #expect(board.contains("今すぐ電話") && board.contains(#"<a href="tel:090-1111-2222">090-1111-2222</a>"#))
            #expect(
                board.contains(#"<span class="state state-sent">送信済み</span><code class="answer">HTTP 200</code>"#),
                "the webhook's delivery")
            let csrf = try #require(
                board.firstMatch(of: /name="csrf" value="([0-9a-f]{64})">\s*<input type="hidden" name="tenant"/)?.1)
            let form = "application/x-www-form-urlencoded"
            let bad = try await client.call(
                .post, "/staff/board/calls", token: nil, body: "csrf=\(csrf)&tenant=acme&incident=INC-1&revision=x&to=",
                contentType: form, headers: staff)
            #expect(
                bad.status == .badRequest && bad.text.contains("/staff/board/calls: revision: not a number")
                    && bad.text.contains("/staff/board/calls: to: whom you called is required")
                    && bad.text.contains("/staff/board/calls: outcome: reached or no-answer"))
            let note = "折り返しを依頼".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let recorded = try await client.call(
                .post, "/staff/board/calls", token: nil,
                body:
                    "csrf=\(csrf)&tenant=acme&incident=INC-1&revision=1&to=%E5%A4%9C%E9%96%93%E5%BD%93%E7%95%AA&outcome=no-answer&note=\(note)",
                contentType: form, headers: staff)
            #expect(recorded.status == .seeOther && recorded.headers[.location] == "/staff/board#acme-INC-1-r1")
            #expect(
                try await client.call(
                    .post, "/staff/board/calls", token: nil,
                    body: "tenant=acme&incident=INC-1&revision=1&to=a&outcome=reached",
                    contentType: form, headers: staff
                ).status == .forbidden)
            let calls = try await t.store.calls(tenantID: "acme", incidentID: "INC-1")
            #expect(
                calls.map { "\($0.caller) \($0.callee) \($0.outcome.rawValue) \($0.note ?? "")" } == [
                    "staff@soc.example 夜間当番 no-answer 折り返しを依頼"
                ])
            board = try await client.call(.get, "/staff/board", token: nil, headers: staff).text
            #expect(board.contains("応答なし") && board.contains("staff@soc.example → 夜間当番") && board.contains("折り返しを依頼"))

            // Acknowledged at last: no longer "call now".
            try await t.store.acknowledge(tenantID: "acme", incidentID: "INC-1", revision: 1, who: "user@acme.example")
            board = try await client.call(.get, "/staff/board", token: nil, headers: staff).text
            #expect(!board.contains("今すぐ電話") && board.contains("user@acme.example"))

            // The monthly bundle carries the figures the report's "通知と確認" shows.
            let summary = try #require(
                try await t.store.monthlyBundle(tenantID: "acme", month: YearMonth("2026-03")!).incidents.first)
            let acknowledged = try #require(
                try await t.store.acknowledgements(tenantID: "acme", incidentID: "INC-1").first)
            #expect(
                summary.acknowledgedAt?.text == acknowledged.acknowledgedAt && summary.calls == 1
                    && summary.systemNotifiedAt != nil)
        }
    }

    /// A desk that is both a normal and an escalation contact gets the notification and then the escalation: two
    /// messages at the relay, two rows on the board; more rounds queue neither again.
    @Test(arguments: TestStore.allCases)
    func anAddressThatIsAlsoAnEscalationContactGetsBothMails(_ kind: TestStore) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "socreport-escalation-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let relay = try Relay(out: root.appendingPathComponent("relay"))
        defer { relay.stop() }
        let t = try await TestServer(
            flags: [
                "smtp": "smtp://localhost:\(relay.port)?tls=none", "mail-from": "soc@provider.example",
                "escalation-after": "60s",
            ], backend: kind)
        let deliverer = try #require(try t.server.mailDelivery())
        try await t.test { client in
            var tenants = Documents.tenants()
            tenants["tenants"] = [
                Documents.tenant().merging([
                    "contacts": [
                        ["name": "SOC desk", "email": "desk@acme.example", "phone": "03-0000-0000"],
                        ["name": "SOC desk (夜間)", "email": "desk@acme.example", "role": "escalation"],
                    ]
                ]) { $1 }
            ]
            #expect(try await client.call(.post, "/api/v1/documents", token: t.all, json: [tenants]).status == .ok)
            #expect(
                try await client.call(.post, "/api/v1/incidents", token: t.all, json: Documents.incident()).status
                    == .created)
            await deliverer.round()
            let later = Date().addingTimeInterval(120)
            #expect(await t.server.escalations().round(now: later) == 1)
            #expect(await t.server.escalations().round(now: later.addingTimeInterval(60)) == 0)
            await deliverer.round()
            await deliverer.round()
            let received = try relay.received()
            #expect(received.map(\.rcptTos) == [["desk@acme.example"], ["desk@acme.example"]])
            #expect(Set(received.map(\.messageId)).count == 2)
            #expect(
                received.first?.subject.contains("至急") == false && received.last?.subject.contains("至急") == true,
                "\(received.map(\.subject))")
            #expect(
                try await t.store.mails().map { "\($0.kind) \($0.state)" } == ["notification sent", "escalation sent"])

            try await Accounts(store: t.store, cost: 4).add(
                email: "staff@soc.example", name: "Staff", tenantID: nil, password: "correct horse battery")
            let staff = try await DownloadPathTests.signIn(client, "staff@soc.example", "correct horse battery")
            let board = try await client.call(.get, "/staff/board", token: nil, headers: staff).text
            #expect(
                board.contains("desk@acme.example <span class=\"muted\">(エスカレーション)</span>"),
                "the escalation's mail is marked")
            #expect(board.components(separatedBy: "(エスカレーション)</span>").count == 2, "and only it: \(board)")
        }
    }

    @Test func onlyRecentCriticalAndSeriousRevisionsEscalateAndTheSettingsAreChecked() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "socreport-escalation-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let relay = try Relay(out: root.appendingPathComponent("relay"))
        defer { relay.stop() }
        let t = try await TestServer(flags: [
            "smtp": "smtp://localhost:\(relay.port)?tls=none", "escalation-after": "1s",
        ])
        let deliverer = try #require(try t.server.mailDelivery())
        try await t.test { (client: any TestClientProtocol) async throws in
            let medium = Documents.incident().merging(["severity": "medium"]) { $1 }
            let created = try await client.call(.post, "/api/v1/incidents", token: t.all, json: medium)
            #expect(created.status == .created)
            await deliverer.round()
            #expect(await t.server.escalations().round(now: Date().addingTimeInterval(3600)) == 0)
            // A critical one mailed more than two days before is not paged about (a store restored, an upgrade); in time it is.
            #expect(
                try await client.call(.post, "/api/v1/incidents", token: t.all, json: Documents.incident(id: "INC-2"))
                    .status == .created)
            await deliverer.round()
            #expect(await t.server.escalations().round(now: Date().addingTimeInterval(3 * 24 * 3600)) == 0)
            #expect(await t.server.escalations().round(now: Date().addingTimeInterval(5)) == 1)
        }
        #expect(throws: ConfigProblems.self) {
            try ServerConfig.load(file: nil, environment: [:], flags: ["webhook": "http://127.0.0.1:9/x"])
        }
        #expect(throws: ConfigProblems.self) {
            try ServerConfig.load(file: nil, environment: [:], flags: ["escalation-after": "soon"])
        }
        #expect(
            try ServerConfig.load(file: nil, environment: [:], flags: ["escalation-after": "15m"]).escalation.after
                == 900)
    }
}
