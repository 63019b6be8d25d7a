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
        #expect(received.map(\.rcptTos) == [["yamada@acme.example"], ["dana@acme.example"]], "one message per recipient")
        for mail in received {
            #expect(mail.subject == "【緊急】INC-1 第1報: hxxps://evil[.]example/login への誘導と bad[.]example[.]net への通信")
            #expect(mail.from.first?.name == "SOC 報告センター" && mail.from.first?.address == "soc@provider.example")
            #expect(mail.mailFrom == "soc@provider.example")
            let body = try #require(mail.body)
            #expect(body.contains("件名: hxxps://evil[.]example/login への誘導と bad[.]example[.]net への通信"))
            #expect(body.contains("判定日時: 2026-03-10 10:00:00 (UTC+09:00)"), "the tenant's zone, as in the report")
            #expect(body.contains("株式会社アクメ ご担当者様"))
            #expect(body.contains("https://portal.provider.example/reports/acme/incidents/2026/03/INC-1-r1.pdf"))
            #expect(mail.attachments.map(\.contentType) == ["application/pdf"] && mail.attachments.first?.filename == "INC-1-r1.pdf")
            #expect(mail.attachments.first?.size == result.pdf?.count)
        }
        #expect(received[0].to.map(\.name) == ["情報システム部 セキュリティ担当 山田太郎"])
        #expect(received[1].to.map(\.name) == ["Dana \"D\" O'Neil"])
        for n in 1...2 {
            let raw = try relay.raw(n)
            #expect(!raw.contains("https://evil") && !raw.contains("bad.example.net"), "no live indicator anywhere in the message")
            #expect(raw.contains("Subject: =?UTF-8?B?"))
        }

        let mails = try await work.store.mails()
        #expect(mails.map(\.state) == [.sent, .sent])
        #expect(mails.allSatisfy { $0.lastAnswer?.hasPrefix("250 ") == true && $0.attempts == 1 })
        let notified = try #require(try await work.store.notificationTime(tenantID: "acme", incidentID: "INC-1", revision: 1))
        #expect(notified == mails.compactMap(\.sentAt).min())
        let entry = try work.portal.folder(for: result.tenant).manifest()?.entry(at: "incidents/2026/03/INC-1-r1.pdf")
        #expect(entry?.notifiedAt == notified, "the manifest lists the notification time")
        let summary = try await work.store.monthlyBundle(tenantID: "acme", month: YearMonth("2026-03")!).incidents.first
        #expect(summary?.systemNotifiedAt?.text == notified && summary?.notifiedAt == nil, "offered to the monthly report")

        // Publishing the same revision again queues nothing; nothing is due, nothing sent.
        let again = try await publisher.publish(try Workspace.incident())
        #expect(again.outcome.isUnchanged && again.queuedMails == 0)
        #expect(try await work.delivery(port: relay.port).deliverDue() == DeliveryOutcome())
        #expect(try relay.received().count == 2)
    }

    @Test(arguments: [("red", false), ("amber", true)])
    func tlpRedCarriesTheLinkOnly(tlp: String, linkOnly: Bool) async throws {
        let relay = try Relay(out: work.root.appendingPathComponent("relay"))
        _ = try await work.publisher(linkOnly: linkOnly).publish(try Workspace.incident(tlp: tlp, contacts: [Workspace.contacts[1]]))
        #expect(try await work.delivery(port: relay.port).deliverDue().sent == 1)
        let mail = try #require(try relay.received().first)
        #expect(mail.attachments.isEmpty)
        let body = try #require(mail.body)
        #expect(body.contains("報告書は添付していません"))
        #expect(body.contains("ポータル: https://portal.provider.example/reports/acme/incidents/2026/03/INC-1-r1.pdf"))
    }

    @Test func startTLSWithAuthAgainstATrustedCertificate() async throws {
        let (cert, key) = try Relay.makeCertificate(in: work.root)
        let relay = try Relay(out: work.root.appendingPathComponent("relay"),
                              arguments: ["--tls-cert", cert.path, "--tls-key", key.path, "--auth", "soc user:p@ss:w/rd"])
        _ = try await work.publisher().publish(try Workspace.incident(contacts: [Workspace.contacts[0]]))

        // The system's roots do not know the self-signed certificate: the mail waits, nothing is sent in clear.
        let untrusted = try await work.delivery(port: relay.port, credentials: "soc%20user:p%40ss%3Aw%2Frd@").deliverDue()
        #expect(untrusted.deferred == 1)
        #expect(try await work.store.mails().first?.lastAnswer?.contains("connection") == true)
        #expect(try relay.received().isEmpty)

        try await work.store.retryMails(ids: nil)
        let trusted = try await work.delivery(port: relay.port, credentials: "soc%20user:p%40ss%3Aw%2Frd@", caFile: cert.path).deliverDue()
        #expect(trusted.sent == 1)
        let mail = try #require(try relay.received().first)
        #expect(mail.tls && mail.authenticated)

        // A wrong password is a 5xx answer: final, and shown.
        _ = try await work.publisher().publish(try Workspace.incident(revision: 2, contacts: [Workspace.contacts[0]]))
        let refused = try await work.delivery(port: relay.port, credentials: "soc%20user:wrong@", caFile: cert.path).deliverDue()
        #expect(refused.failed == 1)
        #expect(try await work.store.mails(state: .failed).first?.lastAnswer?.contains("535") == true)
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
        let relay = try Relay(out: work.root.appendingPathComponent("relay"), arguments: ["--reject", "550 5.1.1 no such mailbox"])
        _ = try await work.publisher().publish(try Workspace.incident())
        let outcome = try await work.delivery(port: relay.port).deliverDue()
        #expect(outcome.failed == 2 && outcome.sent == 0)
        let failed = try await work.store.mails(state: .failed)
        #expect(failed.count == 2)
        #expect(failed.allSatisfy { $0.lastAnswer?.contains("550 5.1.1 no such mailbox") == true })
        #expect(try relay.received().isEmpty)
        #expect(try await work.store.notificationTime(tenantID: "acme", incidentID: "INC-1", revision: 1) == nil)
    }

    @Test func aMessageOverTheRelaysSizeLimitFails() async throws {
        let relay = try Relay(out: work.root.appendingPathComponent("relay"), arguments: ["--size-limit", "10000"])
        _ = try await work.publisher().publish(try Workspace.incident(contacts: [Workspace.contacts[0]]))
        #expect(try await work.delivery(port: relay.port).deliverDue().failed == 1)
        #expect(try await work.store.mails().first?.lastAnswer?.contains("limit of 10000") == true)
    }
}
