import Foundation
import PostgresTestSupport
import SOCStore
import Testing

/// What the service keeps in the store: API keys, portal users, sessions, failed sign-ins, the mail queue.
@Suite struct ServiceTablesTests {
    @Test(arguments: TestStore.allCases) func apiKeysAreAddedListedAndRevoked(_ backend: TestStore) throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let digest = String(repeating: "ab", count: 32)
        try store.addAPIKey(name: "soar", sha256: digest, scopes: [.ingest, .publish])
        #expect(throws: StoreError.self) { try store.addAPIKey(name: "soar", sha256: digest, scopes: [.read]) }
        #expect(try store.apiKeys().map(\.scopes) == [[.ingest, .publish]])
        #expect(try store.revokeAPIKey(name: "soar"))
        #expect(try !store.revokeAPIKey(name: "soar"), "a revoked key is not revoked twice")
        #expect(try store.activeAPIKeys().isEmpty)
        try store.addAPIKey(name: "soar", sha256: String(repeating: "cd", count: 32), scopes: [.read])
        #expect(try store.activeAPIKeys().map(\.scopes) == [[.read]], "a revoked key's name is reused")
    }

    @Test(arguments: TestStore.allCases) func usersAndSessions(_ backend: TestStore) throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        try Fixtures.ingest([Fixtures.tenants([Fixtures.tenant("acme")])], into: store)
        #expect(throws: StoreError.self) { try store.addUser(email: "a@x.example", name: "A", tenantID: "typo", passwordHash: "h") }
        let user = try store.addUser(email: "Yamada@Acme.example", name: "山田", tenantID: "acme", passwordHash: "h1")
        let staff = try store.addUser(email: "soc@soc.example", name: "SOC", tenantID: nil, passwordHash: "h2")
        #expect(user.id != staff.id && staff.isStaff && !user.isStaff && user.maySee(tenantID: "acme") && !user.maySee(tenantID: "other"))
        #expect(throws: PortalUserError.duplicate("yamada@acme.example")) {
            try store.addUser(email: "yamada@acme.example", name: "Dup", tenantID: "acme", passwordHash: "h")
        }
        #expect(try store.user(email: "YAMADA@acme.example")?.user == user, "addresses match whatever their case")
        #expect(try store.users().map(\.email) == ["soc@soc.example", "Yamada@Acme.example"], "sorted whatever the case")

        let now = Date().timeIntervalSince1970
        try store.createSession(idHash: "s1", userID: user.id, csrfToken: "c1", expiresEpoch: now + 60)
        try store.createSession(idHash: "s2", userID: user.id, csrfToken: "c2", expiresEpoch: now + 60)
        try store.createSession(idHash: "old", userID: staff.id, csrfToken: "c3", expiresEpoch: now - 1)
        #expect(try store.session(idHash: "s1", now: now)?.user.name == "山田")
        #expect(try store.session(idHash: "old", now: now) == nil, "an expired session is not live")

        try store.setPasswordHash(email: user.email, "h3", keepingSession: "s1")
        #expect(try store.user(email: user.email)?.passwordHash == "h3")
        #expect(try store.session(idHash: "s1", now: now) != nil && store.session(idHash: "s2", now: now) == nil,
                "a new password ends the other sessions")
        try store.setPasswordHash(email: user.email, "h4")
        #expect(try store.session(idHash: "s1", now: now) == nil, "without a session kept, every session ends")

        try store.createSession(idHash: "s4", userID: user.id, csrfToken: "c4", expiresEpoch: now + 60)
        try store.disableUser(email: user.email)
        #expect(try store.session(idHash: "s4", now: now) == nil && store.user(email: user.email)?.user.disabled == true)
        #expect(throws: PortalUserError.unknown("nobody@x.example")) { try store.disableUser(email: "nobody@x.example") }
    }

    @Test(arguments: TestStore.allCases) func failedSignInsAreCountedPerKeyAndForgotten(_ backend: TestStore) throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        try store.recordSigninFailure(keys: ["email:a", "client:1"], at: 100, keepSince: 0)
        try store.recordSigninFailure(keys: ["email:a"], at: 130, keepSince: 0)
        let counts = try store.signinFailures(keys: ["email:a", "client:1", "email:b"], since: 90)
        #expect(counts.map(\.key) == ["email:a", "client:1"] && counts.map(\.count) == [2, 1] && counts[0].oldest == 100)
        try store.recordSigninFailure(keys: ["client:2"], at: 200, keepSince: 120)
        #expect(try store.signinFailures(keys: ["email:a"], since: 0).map(\.count) == [1], "rows older than keepSince are dropped")
    }

    @Test(arguments: TestStore.allCases) func theMailQueueClaimsLeasesAndRecords(_ backend: TestStore) throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let message = Array("Subject: =?UTF-8?B?6K2m5ZGK?=\r\n\r\nbody\r\n".utf8) + [0, 255]
        func mail(_ recipient: String, revision: Int = 1) -> NewMail {
            NewMail(tenantID: "acme", incidentID: "INC-1", revision: revision, severity: "critical", sender: "soc@soc.example",
                    recipient: recipient, subject: "警告", message: message)
        }
        let report = PublicationRecord(
            tenantID: "acme", portal: "/srv/portal", path: "incidents/INC-1/r1.pdf", kind: .incident, documentID: "INC-1",
            revision: 1, month: "2026-03", size: 10, sha256: String(repeating: "a", count: 64),
            inputSha256: String(repeating: "b", count: 64), renderer: "r", publishedAt: "2026-03-10T01:00:00Z", command: "incident publish")
        try store.recordPublications([report], queueing: [mail("a@acme.example"), mail("b@acme.example")])
        try store.recordPublications([], queueing: [mail("a@acme.example")])
        #expect(try store.mails().map(\.recipient) == ["a@acme.example", "b@acme.example"], "a mail is queued once per recipient and revision")
        #expect(try store.hasPublication(tenantID: "acme", path: report.path) && !store.hasPublication(tenantID: "acme", path: "x"))
        #expect(try store.incidentPublication(tenantID: "acme", incidentID: "INC-1", revision: 1) == report)

        let now = Date()
        let claimed = try store.claimDueMails(now: now, lease: 60)
        #expect(claimed.map(\.mail.state) == [.sending, .sending] && claimed.map(\.mail.attempts) == [1, 1])
        #expect(claimed.first?.message == message, "the message comes back byte for byte")
        #expect(try store.claimDueMails(now: now, lease: 60).isEmpty, "a leased mail is not claimed twice")

        let (sent, deferred) = (claimed[0].mail.id, claimed[1].mail.id)
        try store.markMailSent(sent, answer: "250 2.0.0 queued", at: now)
        try store.markMailDeferred(deferred, answer: "451 try later", next: now.addingTimeInterval(30))
        try store.markMailFailed(sent, answer: "550 late answer")
        #expect(try store.mails(state: .sent).map(\.lastAnswer) == ["250 2.0.0 queued"], "a recorded answer is never undone")
        #expect(try store.notificationTime(tenantID: "acme", incidentID: "INC-1", revision: 1) != nil)
        #expect(try store.claimDueMails(now: now.addingTimeInterval(31), lease: 60).map(\.mail.id) == [deferred])
        // The deliverer died: the lease runs out and the mail is claimed again.
        let again = try store.claimDueMails(now: now.addingTimeInterval(200), lease: 60)
        #expect(again.map(\.mail.id) == [deferred] && again.map(\.mail.attempts) == [3])
        // Its deliverer renews the lease: nobody else claims it; the deliverer whose claim (attempt 2) ran out renews nothing.
        #expect(try store.renewMailLeases([(deferred, 3), (sent, 1)], until: now.addingTimeInterval(1000)) == [deferred], "a sent mail is no longer held")
        #expect(try store.claimDueMails(now: now.addingTimeInterval(300), lease: 60).isEmpty)
        #expect(try store.renewMailLeases([(deferred, 2)], until: now.addingTimeInterval(5000)).isEmpty)
        #expect(try store.claimDueMails(now: now.addingTimeInterval(1001), lease: 60).map(\.mail.attempts) == [4])
        try store.markMailFailed(deferred, answer: "550 no such user")
        #expect(try store.mailCounts() == [.sent: 1, .failed: 1])
        #expect(try store.retryMails(ids: nil) == 1, "only the failed mail is queued again")
        #expect(try store.mails(ids: [deferred]).map(\.state) == [.queued])
        #expect(try store.mails(ids: []).isEmpty && store.retryMails(ids: []) == 0 && store.claimDueMails(lease: 60, ids: []).isEmpty,
                "an empty list of ids means no mail")
    }
}
