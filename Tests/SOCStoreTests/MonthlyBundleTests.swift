import Foundation
import PostgresTestSupport
import SOCModel
import SOCStore
import Testing

@Suite struct MonthlyBundleTests {
    /// The bundle as the contract reads it: every assembled bundle must pass `readMonthly`.
    func checked(_ store: Store, _ tenant: String, _ text: String) async throws -> MonthlyBundle {
        let bundle = try await store.monthlyBundle(tenantID: tenant, month: month(text))
        let reread = try DocumentReader.readMonthly(try CanonicalJSON.encode(bundle), source: "bundle")
        #expect(reread == bundle)
        return bundle
    }

    @Test(arguments: TestStore.allCases) func monthIsDecidedOnTheTenantsWallClock(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let tokyo = Fixtures.tenant("tokyo")
        let newYork = Fixtures.tenant("newyork", language: "en", zone: "America/New_York")
        try await Fixtures.ingest(
            [
                Fixtures.tenants([tokyo, newYork]),
                // 2026-03-31T14:30Z: March 31 in Tokyo.
                Fixtures.incident(tokyo, id: "LATE-MARCH", determinedAt: "2026-03-31T23:30:00+09:00"),
                // 2026-03-31T15:10Z: already April 1 in Tokyo.
                Fixtures.incident(tokyo, id: "EARLY-APRIL", determinedAt: "2026-04-01T00:10:00+09:00"),
                // Written in UTC as April 1 03:30, but still March 31 in New York (EDT, -04:00).
                Fixtures.incident(newYork, id: "NY-MARCH", determinedAt: "2026-04-01T03:30:00Z"),
                Fixtures.incident(newYork, id: "NY-APRIL", determinedAt: "2026-04-01T04:00:00Z"),
            ], into: store)

        #expect(try await checked(store, "tokyo", "2026-03").incidents.map(\.id) == ["LATE-MARCH"])
        #expect(try await checked(store, "tokyo", "2026-04").incidents.map(\.id) == ["EARLY-APRIL"])
        #expect(try await checked(store, "newyork", "2026-03").incidents.map(\.id) == ["NY-MARCH"])
        #expect(try await checked(store, "newyork", "2026-04").incidents.map(\.id) == ["NY-APRIL"])
    }

    @Test(arguments: TestStore.allCases) func eachIncidentKeepsItsMarkingAndTheMonthCarriesTheHighest(
        _ backend: TestStore
    ) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let tenant = Fixtures.tenant("acme")
        var red = Fixtures.incident(tenant, id: "RED", determinedAt: "2026-03-05T10:00:00+09:00")
        red["tlp"] = "red"
        var green = Fixtures.incident(tenant, id: "GREEN", determinedAt: "2026-03-06T10:00:00+09:00")
        green["tlp"] = "green"
        let plain = Fixtures.incident(tenant, id: "PLAIN", determinedAt: "2026-03-07T10:00:00+09:00")
        try await Fixtures.ingest([Fixtures.tenants([tenant]), red, green, plain], into: store)
        let bundle = try await checked(store, "acme", "2026-03")
        #expect(bundle.incidents.map(\.tlp) == [.red, .green, .amber])
        #expect(bundle.marking == .red)
    }

    @Test(arguments: TestStore.allCases) func onlyTheLatestRevisionOfAnIncidentIsListed(_ backend: TestStore)
        async throws
    {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let tenant = Fixtures.tenant("acme")
        try await Fixtures.ingest(
            [
                Fixtures.tenants([tenant]),
                Fixtures.incident(
                    tenant, id: "INC-1", revision: 1, determinedAt: "2026-03-10T10:00:00+09:00", severity: "medium"),
                Fixtures.incident(
                    tenant, id: "INC-1", revision: 2, determinedAt: "2026-03-10T10:00:00+09:00", severity: "critical",
                    title: "Second report"),
                Fixtures.incident(tenant, id: "INC-2", revision: 1, determinedAt: "2026-03-20T10:00:00+09:00"),
                // The second revision moved the determination into April: the incident leaves March.
                Fixtures.incident(tenant, id: "INC-2", revision: 2, determinedAt: "2026-04-02T10:00:00+09:00"),
            ], into: store)

        let march = try await checked(store, "acme", "2026-03")
        #expect(march.incidents.count == 1)
        #expect(march.incidents.first?.revision == 2)
        #expect(march.incidents.first?.severity == .critical)
        #expect(march.incidents.first?.title == "Second report")
        #expect(
            try await checked(store, "acme", "2026-04").incidents.map { "\($0.id) r\($0.revision)" } == ["INC-2 r2"])
    }

    @Test(arguments: TestStore.allCases) func historyHoldsTwelveEarlierMonthsWithCounts(_ backend: TestStore)
        async throws
    {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let tenant = Fixtures.tenant("acme")
        var documents: [[String: Any]] = [Fixtures.tenants([tenant])]
        var current = month("2025-01")
        while current <= month("2026-03") {
            if current != month("2025-09") {
                documents.append(Fixtures.metrics("acme", month: current.description, events: current.month))
            }
            current = current.next
        }
        documents += [
            Fixtures.incident(
                tenant, id: "A", determinedAt: "2025-06-01T00:00:00+09:00", severity: "critical", threatType: "phishing"
            ),
            Fixtures.incident(
                tenant, id: "B", determinedAt: "2025-06-30T23:59:59+09:00", severity: "critical", threatType: "other"),
            Fixtures.incident(tenant, id: "C", determinedAt: "2026-02-14T12:00:00+09:00", severity: "information"),
            Fixtures.incident(tenant, id: "D", determinedAt: "2026-03-01T00:00:00+09:00"),
        ]
        try await Fixtures.ingest(documents, into: store)

        let bundle = try await checked(store, "acme", "2026-03")
        #expect(
            bundle.history.map(\.month.description) == (3...12).map { String(format: "2025-%02d", $0) } + [
                "2026-01", "2026-02",
            ])
        #expect(bundle.funnel.events == 3)
        let june = try #require(bundle.history.first { $0.month == month("2025-06") })
        #expect(june.bySeverity == [.critical: 2])
        #expect(june.byThreatType == [.phishing: 1, .other: 1])
        #expect(june.funnel.events == 6)
        let september = try #require(bundle.history.first { $0.month == month("2025-09") })
        #expect(
            september.funnel == Funnel(logsBySource: [:], events: 0, escalated: 0),
            "a month without metrics has a zero funnel")
        #expect(bundle.history.last?.bySeverity == [.information: 1])
        #expect(bundle.incidents.map(\.id) == ["D"])
    }

    @Test(arguments: TestStore.allCases) func historyStartsAtTheFirstMonthWithData(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        try await Fixtures.ingest(
            [
                Fixtures.tenants([Fixtures.tenant("new")]),
                Fixtures.metrics("new", month: "2026-01"),
                Fixtures.metrics("new", month: "2026-03"),
            ], into: store)
        #expect(try await checked(store, "new", "2026-03").history.map(\.month.description) == ["2026-01", "2026-02"])
        #expect(try await checked(store, "new", "2026-01").history.isEmpty)
    }

    @Test(arguments: TestStore.allCases) func aMonthWithoutMetricsHasAZeroFunnel(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        try await Fixtures.ingest([Fixtures.tenants([Fixtures.tenant("quiet")])], into: store)
        let bundle = try await checked(store, "quiet", "2026-03")
        #expect(bundle.funnel == Funnel(logsBySource: [:], events: 0, escalated: 0))
        #expect(bundle.incidents.isEmpty && bundle.history.isEmpty && bundle.news.isEmpty)
        #expect(bundle.overview == nil && bundle.advice == nil)
    }

    @Test(arguments: TestStore.allCases) func notesAndNewsOfTheMonthAreIncluded(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        try await Fixtures.ingest(
            [
                Fixtures.tenants([Fixtures.tenant("acme"), Fixtures.tenant("other")]),
                [
                    "kind": "notes", "schemaVersion": 1, "tenantId": "acme", "month": "2026-03",
                    "overview": "Quiet month.",
                    "advice": [["title": "Patch", "body": "Patch the VPN.", "priority": "high"]],
                ],
                [
                    "kind": "notes", "schemaVersion": 1, "tenantId": "other", "month": "2026-03",
                    "overview": "Not for acme.",
                ],
                [
                    "kind": "news", "schemaVersion": 1, "month": "2026-03",
                    "items": [["date": "2026-03-05", "title": "VPN flaw", "summary": "Patch now."]],
                ],
                [
                    "kind": "news", "schemaVersion": 1, "month": "2026-02",
                    "items": [["date": "2026-02-05", "title": "Old news", "summary": "Old."]],
                ],
            ], into: store)
        let bundle = try await checked(store, "acme", "2026-03")
        #expect(bundle.overview == "Quiet month.")
        #expect(bundle.advice?.map(\.title) == ["Patch"])
        #expect(bundle.news.map(\.title) == ["VPN flaw"])
    }

    @Test(arguments: TestStore.allCases) func anUnknownTenantHasNoBundle(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        await #expect(throws: StoreError.self) {
            try await database.open().monthlyBundle(tenantID: "nobody", month: month("2026-03"))
        }
    }
}
