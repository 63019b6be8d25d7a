import Foundation
import PostgresTestSupport
import SOCStore
import Testing

/// What the service keeps in the store: API keys, portal users, sessions, failed sign-ins, the mail queue.
@Suite struct ServiceTablesTests {
    @Test(arguments: TestStore.allCases) func apiKeysAreAddedListedAndRevoked(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let digest = String(repeating: "ab", count: 32)
        try await store.addAPIKey(name: "soar", sha256: digest, scopes: [.ingest, .publish])
        await #expect(throws: StoreError.self) {
            try await store.addAPIKey(name: "soar", sha256: digest, scopes: [.read])
        }
        #expect(try await store.apiKeys().map(\.scopes) == [[.ingest, .publish]])
        #expect(try await store.revokeAPIKey(name: "soar"))
        #expect(try await !store.revokeAPIKey(name: "soar"), "a revoked key is not revoked twice")
        #expect(try await store.activeAPIKeys().isEmpty)
        try await store.addAPIKey(name: "soar", sha256: String(repeating: "cd", count: 32), scopes: [.read])
        #expect(try await store.activeAPIKeys().map(\.scopes) == [[.read]], "a revoked key's name is reused")
    }

    @Test(arguments: TestStore.allCases) func usersAndSessions(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        try await Fixtures.ingest([Fixtures.tenants([Fixtures.tenant("acme")])], into: store)
        await #expect(throws: StoreError.self) {
            try await store.addUser(email: "a@x.example", name: "A", tenantID: "typo", passwordHash: "h")
        }
        let user = try await store.addUser(
            email: "Yamada@Acme.example", name: "山田", tenantID: "acme", passwordHash: "h1")
        let staff = try await store.addUser(email: "soc@soc.example", name: "SOC", tenantID: nil, passwordHash: "h2")
        #expect(
            user.id != staff.id && staff.isStaff && !user.isStaff && user.maySee(tenantID: "acme")
                && !user.maySee(tenantID: "other"))
        await #expect(throws: PortalUserError.duplicate("yamada@acme.example")) {
            try await store.addUser(email: "yamada@acme.example", name: "Dup", tenantID: "acme", passwordHash: "h")
        }
        #expect(try await store.user(email: "YAMADA@acme.example")?.user == user, "addresses match whatever their case")
        #expect(
            try await store.users().map(\.email) == ["soc@soc.example", "Yamada@Acme.example"],
            "sorted whatever the case")

        let now = Date().timeIntervalSince1970
        try await store.createSession(idHash: "s1", userID: user.id, csrfToken: "c1", expiresEpoch: now + 60)
        try await store.createSession(idHash: "s2", userID: user.id, csrfToken: "c2", expiresEpoch: now + 60)
        try await store.createSession(idHash: "old", userID: staff.id, csrfToken: "c3", expiresEpoch: now - 1)
        #expect(try await store.session(idHash: "s1", now: now)?.user.name == "山田")
        #expect(try await store.session(idHash: "old", now: now) == nil, "an expired session is not live")

        try await store.setPasswordHash(email: user.email, "h3", keepingSession: "s1")
        #expect(try await store.user(email: user.email)?.passwordHash == "h3")
        #expect(try await store.session(idHash: "s1", now: now) != nil)
        #expect(try await store.session(idHash: "s2", now: now) == nil, "a new password ends the other sessions")
        try await store.setPasswordHash(email: user.email, "h4")
        #expect(try await store.session(idHash: "s1", now: now) == nil, "without a session kept, every session ends")

        try await store.createSession(idHash: "s4", userID: user.id, csrfToken: "c4", expiresEpoch: now + 60)
        try await store.disableUser(email: user.email)
        #expect(try await store.session(idHash: "s4", now: now) == nil)
        #expect(try await store.user(email: user.email)?.user.disabled == true)
        await #expect(throws: PortalUserError.unknown("nobody@x.example")) {
            try await store.disableUser(email: "nobody@x.example")
        }
    }

    @Test(arguments: TestStore.allCases) func aSessionCarriesItsCustomersTenantAndNoOther(_ backend: TestStore)
        async throws
    {
        let database = try TestDatabase(backend)
        let store = try database.open()
        try await Fixtures.ingest(
            [Fixtures.tenants([Fixtures.tenant("acme"), Fixtures.tenant("other", language: "en", zone: "UTC")])],
            into: store)
        let acme = try await store.addUser(email: "a@acme.example", name: "A", tenantID: "acme", passwordHash: "h")
        let other = try await store.addUser(email: "o@other.example", name: "O", tenantID: "other", passwordHash: "h")
        let staff = try await store.addUser(email: "soc@soc.example", name: "SOC", tenantID: nil, passwordHash: "h")
        let now = Date().timeIntervalSince1970
        for (hash, user) in [("a", acme), ("o", other), ("s", staff)] {
            try await store.createSession(idHash: hash, userID: user.id, csrfToken: "c" + hash, expiresEpoch: now + 60)
        }
        let acmeSession = try #require(try await store.session(idHash: "a", now: now))
        #expect(acmeSession.user == acme && acmeSession.csrfToken == "ca")
        #expect(acmeSession.tenant == (try await store.tenant("acme")), "the whole record, as store.tenant reads it")
        let otherSession = try #require(try await store.session(idHash: "o", now: now))
        #expect(otherSession.tenant?.id == "other" && otherSession.tenant?.language == .en)
        #expect(try await store.session(idHash: "s", now: now)?.tenant == nil, "staff belong to no tenant")

        // A tenant's record changed by an ingest is what the next request's session carries.
        var renamed = Fixtures.tenant("acme")
        renamed["name"] = "Acme renamed"
        try await Fixtures.ingest([Fixtures.tenants([renamed])], into: store)
        #expect(try await store.session(idHash: "a", now: now)?.tenant?.name == "Acme renamed")
    }

    @Test(arguments: TestStore.allCases) func signinAttemptsAreCountedPerKeyAndWindow(_ backend: TestStore) async throws
    {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let fixed = ThrottleRule(limit: 2, window: 60),
            growing = ThrottleRule(limit: 2, window: 60, growth: 2, maxWindow: 150)
        #expect(try await store.claimSigninAttempt([("email:a", growing), ("client:1", fixed)], now: 100) == nil)
        #expect(try await store.claimSigninAttempt([("email:a", growing)], now: 110) == nil)
        #expect(
            try await store.claimSigninAttempt([("email:a", growing), ("client:1", fixed)], now: 120) == 40,
            "email:a is full until 160")
        #expect(
            try await store.claimSigninAttempt([("client:1", fixed)], now: 121) == nil,
            "a refused attempt counted under no key")
        #expect(try await store.claimSigninAttempt([("client:1", fixed)], now: 122) == 38)
        // A full window makes the next one twice as long, up to the maximum; one not filled resets it.
        #expect(try await store.claimSigninAttempt([("email:a", growing)], now: 160) == nil)
        #expect(try await store.claimSigninAttempt([("email:a", growing)], now: 161) == nil)
        #expect(try await store.claimSigninAttempt([("email:a", growing)], now: 162) == 118)
        #expect(try await store.claimSigninAttempt([("email:a", growing)], now: 280) == nil)
        #expect(try await store.claimSigninAttempt([("email:a", growing)], now: 281) == nil)
        #expect(try await store.claimSigninAttempt([("email:a", growing)], now: 282) == 148, "at most 150 s")
        #expect(try await store.claimSigninAttempt([("email:a", growing)], now: 430) == nil)
        #expect(try await store.claimSigninAttempt([("email:a", growing)], now: 580) == nil)
        #expect(try await store.claimSigninAttempt([("email:a", growing)], now: 581) == nil)
        #expect(try await store.claimSigninAttempt([("email:a", growing)], now: 582) == 58, "back to 60 s")
        #expect(try await store.claimSigninAttempt([("client:9", fixed)], now: 583) == nil)
        #expect(try await store.claimSigninAttempt([("client:9", fixed)], now: 583) == nil)
        try await store.signinSucceeded(cleared: "email:a", refunded: "client:9")
        #expect(
            try await store.claimSigninAttempt([("email:a", growing), ("client:9", fixed)], now: 584) == nil,
            "cleared, and one given back")
        #expect(try await store.claimSigninAttempt([("client:9", fixed)], now: 585) == 58)
    }

    /// Two stores on one database, as two replicas: attempts made at once from many threads never pass the limit.
    @Test(arguments: TestStore.allCases) func concurrentSigninAttemptsNeverPassTheLimit(_ backend: TestStore)
        async throws
    {
        let database = try TestDatabase(backend)
        let replicas = [try database.open(), try database.open()]
        let rule = ThrottleRule(limit: 5, window: 60)
        let now = Date().timeIntervalSince1970
        let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for attempt in 0..<40 {
                group.addTask {
                    try await replicas[attempt % 2].claimSigninAttempt(
                        [("client:\(attempt % 3)", ThrottleRule(limit: 100, window: 60)), ("email:a", rule)], now: now)
                        == nil
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 5)
    }

    /// An address that is both a normal and an escalation contact gets both mails; each kind is queued once
    /// per recipient and revision, however often it is queued.
    @Test(arguments: TestStore.allCases) func eachKindOfMailIsQueuedOncePerRecipientAndRevision(_ backend: TestStore)
        async throws
    {
        let database = try TestDatabase(backend)
        let store = try database.open()
        func mail(_ kind: MailKind) -> NewMail {
            NewMail(
                kind: kind, tenantID: "acme", incidentID: "INC-1", revision: 1, severity: "critical",
                sender: "soc@soc.example",
                recipient: "desk@acme.example", subject: kind.rawValue, message: Array(kind.rawValue.utf8))
        }
        try await store.recordPublications([], queueing: [mail(.notification)])
        try await store.recordPublications([], queueing: [mail(.notification)])
        #expect(
            try await store.escalate(
                tenantID: "acme", incidentID: "INC-1", revision: 1, at: Date(), mails: [mail(.escalation)],
                payload: [], webhook: false))
        try await store.recordPublications([], queueing: [mail(.escalation), mail(.notification)])
        #expect(
            try await store.mails().map { "\($0.kind) \($0.recipient) \($0.subject)" }
                == ["notification desk@acme.example notification", "escalation desk@acme.example escalation"])
        #expect(
            try await store.claimDueMails(lease: 60).map { String(decoding: $0.message, as: UTF8.self) } == [
                "notification", "escalation",
            ])
    }

    @Test(arguments: TestStore.allCases) func theMailQueueClaimsLeasesAndRecords(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let message = Array("Subject: =?UTF-8?B?6K2m5ZGK?=\r\n\r\nbody\r\n".utf8) + [0, 255]
        func mail(_ recipient: String, revision: Int = 1) -> NewMail {
            NewMail(
                tenantID: "acme", incidentID: "INC-1", revision: revision, severity: "critical",
                sender: "soc@soc.example",
                recipient: recipient, subject: "警告", message: message)
        }
        let report = PublicationRecord(
            tenantID: "acme", portal: "/srv/portal", path: "incidents/INC-1/r1.pdf", kind: .incident,
            documentID: "INC-1",
            revision: 1, month: "2026-03", size: 10, sha256: String(repeating: "a", count: 64),
            inputSha256: String(repeating: "b", count: 64), renderer: "r", publishedAt: "2026-03-10T01:00:00Z",
            command: "incident publish")
        try await store.recordPublications([report], queueing: [mail("a@acme.example"), mail("b@acme.example")])
        try await store.recordPublications([], queueing: [mail("a@acme.example")])
        #expect(
            try await store.mails().map(\.recipient) == ["a@acme.example", "b@acme.example"],
            "a mail is queued once per recipient and revision")
        #expect(try await store.hasPublication(tenantID: "acme", path: report.path))
        #expect(try await !store.hasPublication(tenantID: "acme", path: "x"))
        #expect(try await store.incidentPublication(tenantID: "acme", incidentID: "INC-1", revision: 1) == report)

        let now = Date()
        let claimed = try await store.claimDueMails(now: now, lease: 60)
        #expect(claimed.map(\.mail.state) == [.sending, .sending] && claimed.map(\.mail.attempts) == [1, 1])
        #expect(claimed.first?.message == message, "the message comes back byte for byte")
        #expect(try await store.claimDueMails(now: now, lease: 60).isEmpty, "a leased mail is not claimed twice")

        let (sent, deferred) = (claimed[0].mail.id, claimed[1].mail.id)
        try await store.markMailSent(sent, answer: "250 2.0.0 queued", at: now)
        try await store.markMailDeferred(deferred, answer: "451 try later", next: now.addingTimeInterval(30))
        try await store.markMailFailed(sent, answer: "550 late answer")
        #expect(
            try await store.mails(state: .sent).map(\.lastAnswer) == ["250 2.0.0 queued"],
            "a recorded answer is never undone")
        #expect(try await store.notificationTime(tenantID: "acme", incidentID: "INC-1", revision: 1) != nil)
        #expect(try await store.claimDueMails(now: now.addingTimeInterval(31), lease: 60).map(\.mail.id) == [deferred])
        // The deliverer died: the lease runs out and the mail is claimed again.
        let again = try await store.claimDueMails(now: now.addingTimeInterval(200), lease: 60)
        #expect(again.map(\.mail.id) == [deferred] && again.map(\.mail.attempts) == [3])
        // Its deliverer renews the lease: nobody else claims it; the deliverer whose claim (attempt 2) ran out renews nothing.
        #expect(
            try await store.renewMailLeases([(deferred, 3), (sent, 1)], until: now.addingTimeInterval(1000)) == [
                deferred
            ], "a sent mail is no longer held")
        #expect(try await store.claimDueMails(now: now.addingTimeInterval(300), lease: 60).isEmpty)
        #expect(try await store.renewMailLeases([(deferred, 2)], until: now.addingTimeInterval(5000)).isEmpty)
        #expect(try await store.claimDueMails(now: now.addingTimeInterval(1001), lease: 60).map(\.mail.attempts) == [4])
        try await store.markMailFailed(deferred, answer: "550 no such user")
        #expect(try await store.mailCounts() == [.sent: 1, .failed: 1])
        #expect(try await store.retryMails(ids: nil) == 1, "only the failed mail is queued again")
        #expect(try await store.mails(ids: [deferred]).map(\.state) == [.queued])
        // An empty list of ids means no mail.
        #expect(try await store.mails(ids: []).isEmpty)
        #expect(try await store.retryMails(ids: []) == 0)
        #expect(try await store.claimDueMails(lease: 60, ids: []).isEmpty)
    }
}
