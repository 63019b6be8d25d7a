import Foundation
import PostgresTestSupport
import SOCStore
import Testing

/// Staff roles, and drafts with their versions, review rules and append-only audit log.
@Suite struct DraftTests {
    struct Staff {
        let analyst: PortalUser, otherAnalyst: PortalUser, lead: PortalUser, otherLead: PortalUser, customer: PortalUser
    }

    static func staff(_ store: Store) async throws -> Staff {
        try await Fixtures.ingest([Fixtures.tenants([Fixtures.tenant("acme")])], into: store)
        return Staff(
            analyst: try await store.addUser(email: "ana@soc.example", name: "Ana", tenantID: nil, passwordHash: "h"),
            otherAnalyst: try await store.addUser(email: "bob@soc.example", name: "Bob", tenantID: nil, role: .analyst, passwordHash: "h"),
            lead: try await store.addUser(email: "lea@soc.example", name: "Lea", tenantID: nil, role: .lead, passwordHash: "h"),
            otherLead: try await store.addUser(email: "leo@soc.example", name: "Leo", tenantID: nil, role: .lead, passwordHash: "h"),
            customer: try await store.addUser(email: "c@acme.example", name: "C", tenantID: "acme", passwordHash: "h"))
    }

    static func document(title: String, severity: String = "medium") -> String {
        #"{"id":"INC-1","revision":1,"title":"\#(title)","severity":"\#(severity)","determinedAt":"2026-03-10T10:00:00+09:00"}"#
    }

    @Test(arguments: TestStore.allCases) func staffHaveRolesAndCustomersNone(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let staff = try await Self.staff(store)
        #expect(staff.analyst.role == .analyst && !staff.analyst.isLead, "staff are analysts by default")
        #expect(staff.lead.role == .lead && staff.lead.isLead)
        #expect(staff.customer.role == nil && !staff.customer.isLead)
        await #expect(throws: PortalUserError.customerRole("d@acme.example")) {
            try await store.addUser(email: "d@acme.example", name: "D", tenantID: "acme", role: .lead, passwordHash: "h")
        }
        try await store.setRole(email: "ANA@soc.example", .lead)
        #expect(try await store.user(email: "ana@soc.example")?.user.role == .lead)
        await #expect(throws: PortalUserError.customerRole("c@acme.example")) { try await store.setRole(email: "c@acme.example", .lead) }
        await #expect(throws: PortalUserError.unknown("x@soc.example")) { try await store.setRole(email: "x@soc.example", .lead) }
        #expect(try await store.user(email: "c@acme.example")?.user.role == nil)
    }

    @Test(arguments: TestStore.allCases) func aStaleSaveIsRefusedAndBothTextsKept(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let staff = try await Self.staff(store)
        await #expect(throws: StoreError.self) {
            try await store.createDraft(tenantID: "nowhere", document: "{}", author: staff.analyst, actor: staff.analyst.email)
        }
        // Made through the API: no author until an analyst saves it; an incomplete document is fine.
        let made = try await store.createDraft(tenantID: "acme", document: #"{"title":"From the SIEM"}"#, author: nil, actor: "api:siem")
        #expect(made.version == 1 && made.state == .draft && made.authorID == nil && made.title == "From the SIEM" && made.severity == nil)

        let first = try await store.saveDraft(id: made.id, document: Self.document(title: "Ana's words"), baseVersion: 1, by: staff.analyst)
        #expect(first.version == 2 && first.authorID == staff.analyst.id && first.authorEmail == "ana@soc.example")
        #expect(first.incidentID == "INC-1" && first.revision == 1 && first.severity == "medium" && first.determinedAt == "2026-03-10T10:00:00+09:00")
        // Bob started from version 1 too: his save is refused and answers what is saved now.
        await #expect(throws: DraftError.stale(saved: first)) {
            try await store.saveDraft(id: made.id, document: Self.document(title: "Bob's words"), baseVersion: 1, by: staff.otherAnalyst)
        }
        let second = try await store.saveDraft(id: made.id, document: Self.document(title: "Bob's words, merged"), baseVersion: 2, by: staff.otherAnalyst)
        #expect(second.version == 3 && second.authorID == staff.analyst.id, "the author stays the first saver")
        await #expect(throws: DraftError.self) {
            try await store.saveDraft(id: made.id, document: "{}", baseVersion: 3, by: staff.customer)
        }
        await #expect(throws: DraftError.unknown(9999)) { try await store.saveDraft(id: 9999, document: "{}", baseVersion: 1, by: staff.analyst) }

        // A text no JSON reader takes, and U+0000, are kept as written; drafts survive reopening the store.
        let odd = "{\"title\":\"nul \\u0000 here\", broken"
        _ = try await store.saveDraft(id: made.id, document: odd, baseVersion: 3, by: staff.analyst)
        let reopened = try database.open()
        let kept = try #require(try await reopened.draft(id: made.id))
        #expect(kept.document == odd && kept.version == 4 && kept.title == "")
        let nul = try await reopened.saveDraft(id: made.id, document: "{\"title\":\"nul \\u0000 here\"}", baseVersion: 4, by: staff.analyst)
        #expect(nul.title == "nul \u{0} here")
    }

    @Test(arguments: TestStore.allCases) func fourEyesAndTheAuditLog(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let staff = try await Self.staff(store)
        var draft = try await store.createDraft(tenantID: "acme", document: Self.document(title: "T"), author: staff.lead, actor: staff.lead.email)
        let id = draft.id
        draft = try await store.submitDraft(id: draft.id, version: 1, by: staff.lead)
        #expect(draft.state == .submitted && draft.version == 2)
        let submitted = draft
        await #expect(throws: DraftError.state(.submitted)) {
            try await store.saveDraft(id: id, document: "{}", baseVersion: 2, by: staff.lead)
        }
        // Nobody approves their own draft, and an analyst approves nothing.
        for user in [staff.lead, staff.analyst] {
            await #expect(throws: DraftError.self) { try await store.checkPublish(id: id, version: 2, action: .approve, by: user) }
            await #expect(throws: DraftError.self) { try await store.returnDraft(id: id, version: 2, by: user, comment: "no") }
        }
        await #expect(throws: DraftError.stale(saved: submitted)) { try await store.checkPublish(id: id, version: 1, action: .approve, by: staff.otherLead) }
        draft = try await store.returnDraft(id: draft.id, version: 2, by: staff.otherLead, comment: "Add the victim's IP.")
        #expect(draft.state == .returned && draft.returnComment == "Add the victim's IP.")
        draft = try await store.saveDraft(id: draft.id, document: Self.document(title: "T2"), baseVersion: 3, by: staff.lead)
        draft = try await store.submitDraft(id: draft.id, version: 4, by: staff.lead)
        #expect(draft.returnComment == nil)
        try await store.checkPublish(id: draft.id, version: 5, action: .approve, by: staff.otherLead)
        draft = try await store.recordPublished(id: draft.id, version: 5, action: .approve, by: staff.otherLead)
        #expect(draft.state == .published && draft.publishedAt != nil && !draft.reviewPending && draft.version == 6)
        await #expect(throws: DraftError.self) { try await store.recordPublished(id: id, version: 6, action: .approve, by: staff.otherLead) }

        let events = try await store.draftEvents([draft.id])
        #expect(events.map(\.action) == [.create, .submit, .return, .save, .submit, .approve])
        #expect(events.map(\.version) == [1, 2, 3, 4, 5, 6])
        #expect(events.map(\.actor) == [staff.lead.email, staff.lead.email, staff.otherLead.email, staff.lead.email, staff.lead.email, staff.otherLead.email])
        #expect(events[2].comment == "Add the victim's IP.")
        #expect(try await store.incidentDrafts(tenantID: "acme", incidentID: "INC-1").map(\.id) == [id])
    }

    @Test(arguments: TestStore.allCases) func criticalAndSeriousMayBePublishedNowAndAreReviewedAfter(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let staff = try await Self.staff(store)
        let medium = try await store.createDraft(tenantID: "acme", document: Self.document(title: "M"), author: staff.analyst, actor: staff.analyst.email)
        await #expect(throws: DraftError.notAllowed("only critical and serious incidents may be published without approval")) {
            try await store.checkPublish(id: medium.id, version: 1, action: .publishNow, by: staff.analyst)
        }
        var critical = try await store.createDraft(tenantID: "acme", document: Self.document(title: "C", severity: "critical"),
                                                   author: staff.analyst, actor: staff.analyst.email)
        let criticalID = critical.id
        await #expect(throws: DraftError.notAllowed("only the author may publish without approval")) {
            try await store.checkPublish(id: criticalID, version: 1, action: .publishNow, by: staff.otherAnalyst)
        }
        critical = try await store.recordPublished(id: critical.id, version: 1, action: .publishNow, by: staff.analyst)
        #expect(critical.state == .published && critical.reviewPending)
        await #expect(throws: DraftError.self) { try await store.reviewPublished(id: criticalID, version: 2, by: staff.otherAnalyst, comment: nil) }
        // Listed while it waits for review, even once published long ago.
        #expect(try await store.workbenchDrafts(publishedSince: "9999-01-01T00:00:00Z").map(\.id) == [criticalID, medium.id])
        critical = try await store.reviewPublished(id: critical.id, version: 2, by: staff.lead, comment: "Fine.")
        #expect(!critical.reviewPending)
        #expect(try await store.workbenchDrafts(publishedSince: "9999-01-01T00:00:00Z").map(\.id) == [medium.id])
        #expect(try await store.workbenchDrafts(publishedSince: "2000-01-01T00:00:00Z").map(\.id) == [criticalID, medium.id])
        #expect(try await store.draftEvents([criticalID]).map(\.action) == [.create, .publishNow, .review])
    }
}
