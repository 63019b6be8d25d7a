import Foundation
import RelayTestSupport
import SOCMail
import SOCModel
import SOCPortal
import SOCPublishing
import SOCStore
import Testing

/// Notification mails queued by publishing and delivered to a real SMTP relay on loopback.
@Suite(.serialized) struct DeliveryTests {
    let work: Workspace
    init() throws { work = try Workspace() }

    @Test func queuedPerRecipientDeliveredOnceWithHeadersThatDecodeExactly() async throws {
        let relay = try Relay(out: work.root.appendingPathComponent("relay"))
        let publisher = try work.publisher()
        let result = try await publisher.publish(try Workspace.incident())
        #expect(result.queuedMails == 2, "one mail per contact with an address")
        #expect(result.contactsToCall.map(\.name) == ["情報システム部 セキュリティ担当 山田太郎", "夜間窓口"])
        #expect(try await work.store.mails().map(\.state) == [.queued, .queued])

        let outcome = try await work.delivery(port: relay.port).deliverDue()
        #expect(outcome.sent == 2 && outcome.deferred == 0 && outcome.failed == 0)
        let received = try relay.received()
        try #require(received.count == 2)
        #expect(
            received.map(\.rcptTos) == [["yamada@acme.example"], ["dana@acme.example"]], "one message per recipient")
        for mail in received {
            #expect(mail.subject == "【緊急】INC-1 第1報: hxxps://evil[.]example/login への誘導と bad[.]example[.]net への通信")
            #expect(mail.from.first?.name == "SOC 報告センター" && mail.from.first?.address == "soc@provider.example")
            #expect(mail.mailFrom == "soc@provider.example")
            let body = try #require(mail.body)
            #expect(body.contains("件名: hxxps://evil[.]example/login への誘導と bad[.]example[.]net への通信"))
            #expect(body.contains("判定日時: 2026-03-10 10:00:00 (UTC+09:00)"), "the tenant's zone, as in the report")
            #expect(body.contains("株式会社アクメ ご担当者様"))
            #expect(
                body.contains("ポータル: https://portal.provider.example/reports/t/acme/reports/incident/INC-1\r\n"),
                "the report's page in the portal")
            #expect(!body.contains("前報からの変更点"), "a first report changes nothing")
            #expect(
                mail.attachments.map(\.contentType) == ["application/pdf"]
                    && mail.attachments.first?.filename == "INC-1-r1.pdf")
            #expect(mail.attachments.first?.size == result.pdf?.count)
        }
        #expect(received[0].to.map(\.name) == ["情報システム部 セキュリティ担当 山田太郎"])
        #expect(received[1].to.map(\.name) == ["Dana \"D\" O'Neil"])
        for n in 1...2 {
            let raw = try relay.raw(n)
            #expect(
                !raw.contains("https://evil") && !raw.contains("bad.example.net"),
                "no live indicator anywhere in the message")
            #expect(raw.contains("Subject: =?UTF-8?B?"))
        }

        let mails = try await work.store.mails()
        #expect(mails.map(\.state) == [.sent, .sent])
        #expect(mails.allSatisfy { $0.lastAnswer?.hasPrefix("250 ") == true && $0.attempts == 1 })
        let notified = try #require(
            try await work.store.notificationTime(tenantID: "acme", incidentID: "INC-1", revision: 1))
        #expect(notified == mails.compactMap(\.sentAt).min())
        let entry = try work.portal.folder(for: result.tenant).manifest()?.entry(at: "incidents/2026/03/INC-1-r1.pdf")
        #expect(entry?.notifiedAt == notified, "the manifest lists the notification time")
        let summary = try await work.store.monthlyBundle(tenantID: "acme", month: YearMonth("2026-03")!).incidents.first
        #expect(
            summary?.systemNotifiedAt?.text == notified && summary?.notifiedAt == nil, "offered to the monthly report")

        // Publishing the same revision again queues nothing; nothing is due, nothing sent.
        let again = try await publisher.publish(try Workspace.incident())
        #expect(again.outcome.isUnchanged && again.queuedMails == 0)
        #expect(try await work.delivery(port: relay.port).deliverDue() == DeliveryOutcome())
        #expect(try relay.received().count == 2)
    }

    @Test(arguments: [("red", false), ("amber", true)])
    func tlpRedCarriesTheLinkOnly(tlp: String, linkOnly: Bool) async throws {
        let relay = try Relay(out: work.root.appendingPathComponent("relay"))
        _ = try await work.publisher(linkOnly: linkOnly).publish(
            try Workspace.incident(tlp: tlp, contacts: [Workspace.contacts[1]]))
        #expect(try await work.delivery(port: relay.port).deliverDue().sent == 1)
        let mail = try #require(try relay.received().first)
        #expect(mail.attachments.isEmpty)
        let body = try #require(mail.body)
        #expect(body.contains("報告書は添付していません"))
        #expect(body.contains("ポータル: https://portal.provider.example/reports/t/acme/reports/incident/INC-1"))
    }

    /// A follow-up report's mail says what changed: the document's revision note, defanged as the report
    /// defangs it, worded in the tenant's language.
    @Test(arguments: [
        ("ja", "前報からの変更点: 追加の通信先 hxxps://evil[.]example/second と bad[.]example[.]net を確認しました。\n"),
        (
            "en",
            "What changed since the previous report: 追加の通信先 hxxps://evil[.]example/second と bad[.]example[.]net を確認しました。\n"
        ),
    ])
    func aFollowUpReportsMailCarriesItsRevisionNote(language: String, line: String) async throws {
        let relay = try Relay(out: work.root.appendingPathComponent("relay"))
        let note = "追加の通信先 https://evil.example/second と bad.example.net を確認しました。"
        let publisher = try work.publisher()
        _ = try await publisher.publish(
            try Workspace.incident(language: language, contacts: [Workspace.contacts[1]], revisionNote: note))
        _ = try await publisher.publish(
            try Workspace.incident(
                revision: 2, language: language, contacts: [Workspace.contacts[1]], revisionNote: note))
        #expect(try await work.delivery(port: relay.port).deliverDue().sent == 2)
        let bodies = try relay.received().map { try #require($0.body).replacingOccurrences(of: "\r\n", with: "\n") }
        try #require(bodies.count == 2)
        #expect(!bodies[0].contains(line), "the first report has no previous one: \(bodies[0])")
        #expect(bodies[1].contains(line), "\(bodies[1])")
        #expect(
            bodies[1].contains("https://portal.provider.example/reports/t/acme/reports/incident/INC-1\n"),
            "the page lists every revision")
    }

    @Test func startTLSWithAuthAgainstATrustedCertificate() async throws {
        let (cert, key) = try Relay.makeCertificate(in: work.root)
        let relay = try Relay(
            out: work.root.appendingPathComponent("relay"),
            arguments: ["--tls-cert", cert.path, "--tls-key", key.path, "--auth", "soc user:p@ss:w/rd"])
        _ = try await work.publisher().publish(try Workspace.incident(contacts: [Workspace.contacts[0]]))

        // The system's roots do not know the self-signed certificate: the mail waits, nothing is sent in clear.
        let untrusted = try await work.delivery(port: relay.port, credentials: "soc%20user:p%40ss%3Aw%2Frd@", tls: "")
            .deliverDue()
        #expect(untrusted.deferred == 1)
        #expect(try await work.store.mails().first?.lastAnswer?.contains("connection") == true)
        #expect(try relay.received().isEmpty)

        try await work.store.retryMails(ids: nil)
        let trusted = try await work.delivery(
            port: relay.port, credentials: "soc%20user:p%40ss%3Aw%2Frd@", tls: "", caFile: cert.path
        ).deliverDue()
        #expect(trusted.sent == 1)
        let mail = try #require(try relay.received().first)
        #expect(mail.tls && mail.authenticated)

        // A wrong password (say, the relay's was rotated first) is a refusal of the session, not of the
        // mail: it waits, and goes once the password is right.
        _ = try await work.publisher().publish(try Workspace.incident(revision: 2, contacts: [Workspace.contacts[0]]))
        let refused = try await work.delivery(
            port: relay.port, credentials: "soc%20user:wrong@", tls: "", caFile: cert.path
        ).deliverDue()
        #expect(refused.deferred == 1 && refused.failed == 0 && refused.sessionFailed)
        #expect(
            try await work.store.mails(state: .queued).first?.lastAnswer?.contains("session: AUTH PLAIN: 535") == true)
        let rotated = try await work.delivery(
            port: relay.port, credentials: "soc%20user:p%40ss%3Aw%2Frd@", tls: "", caFile: cert.path
        ).deliverDue()
        #expect(rotated.sent == 1 && !rotated.sessionFailed)
        #expect(try relay.received().count == 2)
    }

    /// A relay that greets 554 refuses the session, not the mails: each waits, with backoff, and arrives
    /// exactly once when the relay takes sessions again; the refusal is shown until then.
    @Test func aRelayThatRefusesSessionsGetsEveryMailOnceItRecovers() async throws {
        let relay = try Relay(out: work.root.appendingPathComponent("relay"), arguments: ["--refuse-sessions", "2"])
        _ = try await work.publisher().publish(try Workspace.incident())
        let health = RelayHealth()
        let backingOff = try work.delivery(port: relay.port, policy: RetryPolicy(firstDelay: 60), health: health)
        let first = try await backingOff.deliverDue()
        #expect(first.deferred == 2 && first.failed == 0 && first.sent == 0 && first.sessionFailed)
        let waiting = try await work.store.mails()
        #expect(
            waiting.allSatisfy {
                $0.state == .queued && $0.lastAnswer == "session: greeting: 554 5.3.2 not accepting mail now"
            }, "\(waiting)")
        #expect(waiting.allSatisfy { $0.nextAttemptAt > Date().addingTimeInterval(50) }, "backs off")
        #expect(try await backingOff.deliverDue() == DeliveryOutcome(), "not due yet")
        #expect(health.refusal?.rounds == 1 && health.refusal?.answer.contains("554") == true)

        try await work.store.retryMails(ids: nil)
        let delivery = try work.delivery(port: relay.port, health: health)
        #expect(try await delivery.deliverDue().deferred == 2)
        #expect(health.refusal?.rounds == 2)
        let recovered = try await delivery.deliverDue()
        #expect(recovered.sent == 2 && !recovered.sessionFailed && health.refusal == nil)
        let received = try relay.received()
        #expect(received.flatMap(\.rcptTos).sorted() == ["dana@acme.example", "yamada@acme.example"], "each once")
        #expect(try await work.store.mails().allSatisfy { $0.state == .sent && $0.attempts == 3 })
        #expect(try await delivery.deliverDue() == DeliveryOutcome())
        #expect(try relay.received().count == 2)
    }

    /// smtp:// requires STARTTLS: a relay that offers none (or a man in the middle who strips it) gets
    /// nothing, and the mail waits; only an explicit opt-out sends it in clear text.
    @Test func aRelayWithoutSTARTTLSGetsNothingUnlessTheSettingsOptOut() async throws {
        let relay = try Relay(out: work.root.appendingPathComponent("relay"))
        _ = try await work.publisher().publish(try Workspace.incident(contacts: [Workspace.contacts[0]]))
        let required = try await work.delivery(port: relay.port, tls: "").deliverDue()
        #expect(required.deferred == 1 && required.sent == 0)
        #expect(try relay.received().isEmpty)
        let waiting = try #require(try await work.store.mails().first)
        #expect(
            waiting.state == .queued
                && waiting.lastAnswer?.contains("offers no STARTTLS, which smtp:// requires") == true, "\(waiting)")

        for (tls, n) in [("?tls=opportunistic", 1), ("?tls=none", 2)] {
            if n == 2 {
                _ = try await work.publisher().publish(
                    try Workspace.incident(revision: 2, contacts: [Workspace.contacts[0]]))
            }
            try await work.store.retryMails(ids: nil)
            #expect(try await work.delivery(port: relay.port, tls: tls).deliverDue().sent == 1, "\(tls)")
            let received = try relay.received()
            #expect(received.count == n && received.allSatisfy { !$0.tls })
        }
    }

    /// Replies sent in clear text with the 220 to STARTTLS (a man in the middle's injection, the
    /// CVE-2011-0411 class) would be taken for the answers to the commands sent over TLS: the client drops
    /// the connection before it says anything over TLS, and the mail waits.
    @Test func repliesInjectedWithTheAnswerToSTARTTLSDropTheConnection() async throws {
        let (cert, key) = try Relay.makeCertificate(in: work.root)
        let relay = try Relay(
            out: work.root.appendingPathComponent("relay"),
            arguments: [
                "--tls-cert", cert.path, "--tls-key", key.path, "--inject-after-starttls",
                "250-evil.example|250 AUTH PLAIN LOGIN",
            ])
        _ = try await work.publisher().publish(try Workspace.incident(contacts: [Workspace.contacts[0]]))
        let outcome = try await work.delivery(port: relay.port, tls: "", caFile: cert.path).deliverDue()
        #expect(outcome.deferred == 1 && outcome.sent == 0)
        let mail = try #require(try await work.store.mails().first)
        #expect(mail.state == .queued && mail.lastAnswer?.contains("after the 220 to STARTTLS") == true, "\(mail)")
        #expect(try relay.received().isEmpty)
    }

    /// A round that outlasts the lease (four mails the relay holds half a second each, a lease of 0.6 s)
    /// keeps its mails: the deliverer renews their leases while it sends, so another deliverer polling the
    /// same store meanwhile takes none of them, and each arrives once.
    @Test func aLeaseBeingRenewedKeepsTheMailFromAnotherDeliverer() async throws {
        let relay = try Relay(out: work.root.appendingPathComponent("relay"), arguments: ["--slow-rcpt", "0.5"])
        let contacts: [[String: Any]] = (1...4).map { ["name": "担当者 \($0)", "email": "contact\($0)@acme.example"] }
        _ = try await work.publisher().publish(try Workspace.incident(contacts: contacts))
        let policy = RetryPolicy(lease: 0.6, firstDelay: 0)
        let first = try work.delivery(port: relay.port, policy: policy),
            second = try work.delivery(port: relay.port, policy: policy)
        let round = Task { try await first.deliverDue() }
        var taken: [DeliveryOutcome] = []
        while try relay.received().count < 4, taken.count < 100 {
            try await Task.sleep(for: .milliseconds(100))
            taken.append(try await second.deliverDue())
        }
        let outcome = try await round.value
        #expect(outcome.sent == 4)
        #expect(
            taken.allSatisfy { $0 == DeliveryOutcome() },
            "the other deliverer took none: \(taken.filter { $0 != DeliveryOutcome() })")
        #expect(
            try relay.received().flatMap(\.rcptTos).sorted() == (1...4).map { "contact\($0)@acme.example" }, "each once"
        )
        #expect(try await work.store.mails().allSatisfy { $0.state == .sent && $0.attempts == 1 })
    }

    @Test func aRelayThatIsDownGetsTheMailOnceItIsUp() async throws {
        // Find a free port, then leave it closed.
        let probe = try Relay(out: work.root.appendingPathComponent("probe"))
        let port = probe.port
        probe.stop()
        _ = try await work.publisher().publish(try Workspace.incident(contacts: [Workspace.contacts[0]]))
        let delivery = try work.delivery(port: port, policy: RetryPolicy(firstDelay: 1))
        let down = try await delivery.deliverDue()
        #expect(down.deferred == 1)
        let waiting = try #require(try await work.store.mails().first)
        #expect(waiting.state == .queued && waiting.attempts == 1 && waiting.lastAnswer?.contains("connection") == true)
        #expect(waiting.nextAttemptAt > Date(), "backs off before the next attempt")
        #expect(try await delivery.deliverDue() == DeliveryOutcome(), "not due yet")

        let relay = try Relay(out: work.root.appendingPathComponent("relay"), port: port)
        #expect(Relay.wait(seconds: 5) { waiting.nextAttemptAt <= Date() })
        let up = try await delivery.deliverDue()
        #expect(up.sent == 1)
        #expect(try relay.received().count == 1)
        #expect(try await work.store.mails().first?.attempts == 2)
    }

    @Test func aPermanentRejectionIsRecordedAsFailed() async throws {
        let relay = try Relay(
            out: work.root.appendingPathComponent("relay"), arguments: ["--reject", "550 5.1.1 no such mailbox"])
        _ = try await work.publisher().publish(try Workspace.incident())
        let outcome = try await work.delivery(port: relay.port).deliverDue()
        #expect(outcome.failed == 2 && outcome.sent == 0)
        let failed = try await work.store.mails(state: .failed)
        #expect(failed.count == 2)
        #expect(failed.allSatisfy { $0.lastAnswer?.contains("550 5.1.1 no such mailbox") == true })
        #expect(try relay.received().isEmpty)
        #expect(try await work.store.notificationTime(tenantID: "acme", incidentID: "INC-1", revision: 1) == nil)
    }

    /// A failed mail holds no token (its link's is minted at each attempt), and sent again by `mail retry`'s
    /// `retryMails` it carries a working link.
    @Test func aFailedMailRetriedCarriesAWorkingLink() async throws {
        let refusing = try Relay(
            out: work.root.appendingPathComponent("refusing"), arguments: ["--reject", "550 5.1.1 no such mailbox"])
        _ = try await work.publisher().publish(try Workspace.incident(contacts: [Workspace.contacts[0]]))
        #expect(try await work.delivery(port: refusing.port).deliverDue().failed == 1)
        refusing.stop()
        #expect(try await work.store.retryMails(ids: nil) == 1)
        let relay = try Relay(out: work.root.appendingPathComponent("relay"))
        #expect(try await work.delivery(port: relay.port).deliverDue().sent == 1)
        let body = try #require(try relay.received().first?.body)
        let token = String(
            try #require(body.firstMatch(of: /\/reports\/ack\/([0-9a-f]{64})(?![0-9a-f])/)?.1, "\(body)"))
        guard case .recorded(let link) = try await work.store.acknowledge(tokenHash: SecretToken.hash(token)) else {
            Issue.record("the link did not acknowledge")
            return
        }
        #expect(link.recipient == "yamada@acme.example")
    }

    @Test func aMessageOverTheRelaysSizeLimitFails() async throws {
        let relay = try Relay(out: work.root.appendingPathComponent("relay"), arguments: ["--size-limit", "10000"])
        _ = try await work.publisher().publish(try Workspace.incident(contacts: [Workspace.contacts[0]]))
        #expect(try await work.delivery(port: relay.port).deliverDue().failed == 1)
        #expect(try await work.store.mails().first?.lastAnswer?.contains("limit of 10000") == true)
    }
}
