import Foundation
import PostgresTestSupport
import SOCModel
import SOCStore
import Testing

@Suite struct IngestTests {
    @Test(arguments: TestStore.allCases) func ingestingTheSameDocumentsTwiceChangesNothing(_ backend: TestStore)
        async throws
    {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let tenant = Fixtures.tenant("acme")
        let documents = [
            Fixtures.tenants([tenant]), Fixtures.metrics("acme", month: "2026-03"),
            Fixtures.incident(tenant, id: "INC-1", determinedAt: "2026-03-10T10:00:00+09:00"),
        ]
        let first = try await Fixtures.ingest(documents, into: store)
        #expect(first.map(\.outcome) == [.added, .added, .added])
        #expect(
            first.map(\.description) == [
                "$[0]: tenant acme: added", "$[1]: metrics acme 2026-03: added", "$[2]: incident acme/INC-1 r1: added",
            ])
        let second = try await Fixtures.ingest(documents, into: store)
        #expect(second.map(\.outcome) == [.unchanged, .unchanged, .unchanged])

        let changed = try await Fixtures.ingest([Fixtures.metrics("acme", month: "2026-03", events: 7)], into: store)
        #expect(changed.map(\.outcome) == [.updated])
        #expect(try await store.monthlyBundle(tenantID: "acme", month: month("2026-03")).funnel.events == 7)
    }

    @Test(arguments: TestStore.allCases) func aFileWithADocumentThatCannotBeStoredStoresNothing(_ backend: TestStore)
        async throws
    {
        let database = try TestDatabase(backend)
        let store = try database.open()
        await #expect {
            try await Fixtures.ingest(
                [
                    Fixtures.tenants([Fixtures.tenant("acme")]),
                    Fixtures.metrics("acme", month: "2026-03"),
                    Fixtures.metrics("typo", month: "2026-03"),
                ], into: store)
        } throws: { error in
            (error as? IngestRejected)?.problems == [
                Problem(path: "$[2].tenantId", message: "unknown tenant \"typo\": ingest its tenants document first")
            ]
        }
        #expect(try await store.tenantIDs().isEmpty, "the transaction rolled back the tenant stored before the problem")
    }

    @Test(arguments: TestStore.allCases) func anIncidentRegistersItsTenantWhenUnknown(_ backend: TestStore) async throws
    {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let changes = try await Fixtures.ingest(
            [Fixtures.incident(Fixtures.tenant("first"), id: "INC-1", determinedAt: "2026-03-10T10:00:00+09:00")],
            into: store)
        #expect(changes.map(\.record) == ["tenant first", "incident first/INC-1 r1"])
        #expect(try await store.tenantNames().map { "\($0.id): \($0.name)" } == ["first: Tenant first"])
        #expect(try await store.tenant("first")?.contacts.first?.email == "soc@first.example")
    }

    @Test(arguments: TestStore.allCases) func monthlyBundlesAreNotStored(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let bundle = MonthlyBundle(
            tenant: Tenant(id: "acme", name: "ACME"), month: month("2026-03"),
            funnel: Funnel(logsBySource: [:], events: 0, escalated: 0), incidents: [])
        await #expect(throws: IngestRejected.self) { try await store.ingest([("$", .monthly(bundle))]) }
    }

    @Test(arguments: TestStore.allCases) func aStoreKeepsItsRecordsAndSchemaWhenOpenedAgain(_ backend: TestStore)
        async throws
    {
        let database = try TestDatabase(backend)
        let first = try database.open()
        try await Fixtures.ingest([Fixtures.tenants([Fixtures.tenant("acme")])], into: first)
        let migrations = try await first.appliedMigrations()
        #expect(migrations.first == "v1: documents and publications")
        #expect(migrations.count > 1, "the later migrations are applied too")
        let reopened = try database.open()
        #expect(try await reopened.tenantIDs() == ["acme"])
        #expect(try await reopened.appliedMigrations() == migrations)
    }

    @Test(arguments: TestStore.allCases) func storedIncidentsReadBackAsIngested(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let value = Fixtures.incident(
            Fixtures.tenant("acme"), id: "INC-1", revision: 3, determinedAt: "2026-03-10T10:00:00+09:00")
        try await Fixtures.ingest([value], into: store)
        let original = try DocumentReader.readIncident(try Fixtures.data(value), source: "test")
        #expect(try await store.incident(tenantID: "acme", id: "INC-1", revision: 3) == original)
        #expect(try await store.incidentKeys().map { "\($0.tenantID)/\($0.id)/\($0.revision)" } == ["acme/INC-1/3"])
    }

    @Test(arguments: TestStore.allCases) func publicationsAreRecorded(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let record = PublicationRecord(
            tenantID: "acme", portal: "/srv/portal", path: "monthly/2026-03.pdf", kind: .monthly, documentID: "2026-03",
            revision: nil, month: "2026-03", size: 10, sha256: String(repeating: "a", count: 64),
            inputSha256: String(repeating: "b", count: 64), renderer: "r", publishedAt: "2026-04-01T00:00:00Z",
            command: "monthly run")
        try await store.recordPublication(record)
        try await store.recordPublication(record)
        #expect(try await store.publications(tenantID: "acme") == [record, record])
        #expect(try await store.publications(tenantID: "other").isEmpty)
    }
}
