import Foundation
import PostgresTestSupport
import SOCStore
import Testing

/// The index of published STIX objects TAXII is served from, on each kind of store.
@Suite struct TAXIIIndexTests {
    static func object(_ id: String, version micros: Int64, tlp: String = "amber", json: String? = nil) -> TAXIIObject {
        TAXIIObject(
            id: id, type: String(id.prefix { $0 != "-" }), version: "v\(micros)", versionMicros: micros, tlp: tlp,
            json: json ?? #"{"id":"\#(id)","v":\#(micros)}"#)
    }

    static func index(_ objects: [TAXIIObject], _ store: Store, tenant: String = "acme") async throws {
        try await store.recordPublications([], indexing: (tenant, objects))
    }

    static func read(
        _ store: Store, tenant: String = "acme", limit: Int = 100, allowRed: Bool = false,
        _ change: (inout TAXIIQuery) -> Void = { _ in }
    ) async throws -> TAXIIPage {
        var query = TAXIIQuery(limit: limit, allowRed: allowRed)
        change(&query)
        return try await store.taxiiObjects(tenantID: tenant, query)
    }

    @Test(arguments: TestStore.allCases)
    func versionsAreAddedOnceInOrderAndReadByFilter(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let store = try database.open()
        try await Self.index(
            [
                Self.object("identity--soc", version: 1), Self.object("indicator--a", version: 10),
                Self.object("indicator--b", version: 10), Self.object("indicator--r", version: 10, tlp: "red"),
            ], store)
        let first = try await Self.read(store)
        #expect(
            first.entries.map(\.id) == ["identity--soc", "indicator--a", "indicator--b"],
            "TLP:RED only for keys allowed it")
        #expect(try await Self.read(store, allowRed: true).entries.count == 4)
        #expect(
            zip(first.entries, first.entries.dropFirst()).allSatisfy { $0.addedMicros < $1.addedMicros },
            "dates added are unique and ordered")
        let last = first.entries.last!.addedMicros

        // A new revision: the identity unchanged, a new version of a, b as before but with other JSON.
        try await Self.index(
            [
                Self.object("identity--soc", version: 1), Self.object("indicator--a", version: 20),
                Self.object("indicator--b", version: 10, json: #"{"id":"indicator--b","named":2}"#),
            ], store)
        let new = try await Self.read(store) { $0.addedAfter = last }
        #expect(new.entries.map(\.id) == ["indicator--a", "indicator--b"], "an unchanged version keeps its date added")
        #expect(new.entries.allSatisfy { $0.addedMicros > last } && new.entries[1].json.contains("named"))
        #expect(
            try await Self.read(store) { $0.addedAfter = new.entries.last!.addedMicros }.entries.isEmpty, "nothing new")

        let a: (inout TAXIIQuery) -> Void = { $0.objectIDs = ["indicator--a"] }
        #expect(try await Self.read(store, a).entries.map(\.version) == ["v20"], "the last version by default")
        #expect(
            try await Self.read(store) {
                a(&$0); $0.versions = [.first]
            }.entries.map(\.version) == ["v10"])
        #expect(
            try await Self.read(store) {
                a(&$0); $0.versions = [.all]
            }.entries.map(\.version) == ["v10", "v20"])
        #expect(
            try await Self.read(store) {
                a(&$0); $0.versions = [.at(10), .at(99)]
            }.entries.map(\.version) == ["v10"])
        #expect(try await Self.read(store) { $0.types = ["identity"] }.entries.map(\.id) == ["identity--soc"])

        // Pages of two, each starting after the last date added of the one before.
        var pages: [[String]] = [], after: Int64?
        repeat {
            let page = try await Self.read(store, limit: 2) {
                $0.addedAfter = after; $0.versions = [.all]
            }
            pages.append(page.entries.map(\.id))
            after = page.more ? page.entries.last!.addedMicros : nil
        } while after != nil
        #expect(pages == [["identity--soc", "indicator--a"], ["indicator--a", "indicator--b"]], "\(pages)")
        #expect(try await Self.read(store, tenant: "beta").entries.isEmpty, "another tenant's index is its own")
    }
}
