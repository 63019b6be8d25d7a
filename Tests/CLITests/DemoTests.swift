import Foundation
import PostgresTestSupport
import SOCPortal
import Testing

@Suite struct DemoTests {
    @Test func theDemoPublishesTheExamples() throws {
        let work = try Workspace()
        let result = try work.run(["demo", "out"])
        #expect(result.status == 0, "\(result.stderr)")
        let portal = work.url.appendingPathComponent("out/portal")
        let tenants = try FileManager.default.contentsOfDirectory(atPath: portal.path).sorted()
        #expect(tenants == ["hikari-clinic", "northwind", "sakura-shinkin", "tasman-foods"])
        for tenant in tenants {
            let manifest = try JSONDecoder().decode(
                Manifest.self, from: Data(contentsOf: portal.appendingPathComponent("\(tenant)/index.json")))
            #expect(manifest.entry(at: "monthly/2026-03.pdf") != nil, "\(tenant)")
            #expect(FileManager.default.fileExists(atPath: portal.appendingPathComponent("\(tenant)/index.html").path))
        }
        let revisions = portal.appendingPathComponent("sakura-shinkin/incidents/2026/03")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: revisions.path).filter {
                $0.hasPrefix("INC-202603-SKR-101-") && $0.hasSuffix(".pdf")
            }.sorted()
                == ["INC-202603-SKR-101-r1.pdf", "INC-202603-SKR-101-r2.pdf"])
        #expect(
            FileManager.default.fileExists(
                atPath: portal.appendingPathComponent("sakura-shinkin/incidents/2026/04/INC-202604-SKR-001-r1.pdf").path
            ))
    }

    /// The bench store goes to the store --db names, whose password the printed command leaves out.
    @Test(arguments: TestStore.allCases)
    func theBenchStoreGoesWhereDbSays(store: TestStore) async throws {
        let work = try Workspace(store: store)
        let result = try work.run(["demo", "out", "--bench-tenants", "3", "--db", work.db])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try await work.openStore().tenantIDs() == ["bench-00001", "bench-00002", "bench-00003"])
        #expect(result.stdout.contains("monthly run --month 2026-03 --db "), "\(result.stdout)")
        if let password = URLComponents(string: work.db)?.password { #expect(!result.stdout.contains(password)) }
        #expect(!FileManager.default.fileExists(atPath: work.url.appendingPathComponent("out/socreport.sqlite").path))
    }
}
