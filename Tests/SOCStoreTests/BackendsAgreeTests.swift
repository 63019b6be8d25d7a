import Foundation
import PostgresTestSupport
import SOCModel
import SOCStore
import Testing

/// The two databases under the same rules give the same answers.
@Suite struct BackendsAgreeTests {
    /// The project's example documents (examples/), tenants first, as `socreport demo` ingests them.
    static func examples() throws -> [(position: String, document: AnyDocument)] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../examples"
        ).standardized
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".json") || $0.hasSuffix(".ndjson") }.sorted()
        return try (files.filter { $0 == "tenants.json" } + files.filter { $0 != "tenants.json" }).flatMap { name in
            try DocumentReader.readMany(try Data(contentsOf: folder.appendingPathComponent(name)), source: name)
                .map { ("\(name): \($0.position)", $0.document) }
        }
    }

    @Test func everyMonthlyBundleOfTheExamplesIsByteIdenticalOnBoth() async throws {
        let documents = try Self.examples()
        let databases = try TestStore.allCases.map { try TestDatabase($0) }
        let stores = try databases.map { try $0.open() }
        var changes: [[IngestChange]] = []
        for store in stores { changes.append(try await store.ingest(documents)) }
        #expect(changes[0] == changes[1] && changes[0].count > 20)
        let months = Set(
            documents.compactMap { item -> YearMonth? in
                if case .metrics(let metrics) = item.document { return metrics.month }
                return nil
            })
        #expect(months.count >= 12)
        let tenants = try await stores[0].tenantIDs()
        #expect(try await stores[1].tenantIDs() == tenants && tenants.count >= 3)
        for tenant in tenants {
            for month in months {
                var bundles: [Data] = []
                for store in stores {
                    bundles.append(try CanonicalJSON.encode(await store.monthlyBundle(tenantID: tenant, month: month)))
                }
                #expect(bundles[0] == bundles[1], "\(tenant) \(month)")
            }
        }
        let keys = try await stores[0].incidentKeys().map { "\($0)" }
        #expect(try await stores[1].incidentKeys().map { "\($0)" } == keys)
    }

    /// Valid documents may hold U+0000, which PostgreSQL's text cannot; both stores give it back as written.
    @Test func textWithNULReadsBackAsWrittenOnBoth() async throws {
        // A NUL before a combining mark shares its Character with it: escaping goes by scalar.
        let title = "a\u{0}b \u{FFFF}0 \u{FFFF}\u{FFFF} \u{0}\u{301} \u{0}"
        for backend in TestStore.allCases {
            let database = try TestDatabase(backend)
            let store = try database.open()
            var tenant = Fixtures.tenant("acme")
            tenant["name"] = "ACME\u{0}"
            try await Fixtures.ingest(
                [Fixtures.incident(tenant, id: "INC-1", determinedAt: "2026-03-10T10:00:00+09:00", title: title)],
                into: store)
            let bundle = try await store.monthlyBundle(tenantID: "acme", month: month("2026-03"))
            #expect(bundle.incidents.map(\.title) == [title] && bundle.tenant.name == "ACME\u{0}", "\(backend)")
            let user = try await store.addUser(
                email: "n\u{0}@acme.example", name: title, tenantID: "acme", passwordHash: "h")
            #expect(
                try await store.user(email: "N\u{0}@acme.example")?.user == user && user.name == title, "\(backend)")
        }
    }
}
