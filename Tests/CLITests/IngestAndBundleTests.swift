import Foundation
import SOCModel
import Testing

@Suite struct IngestAndBundleTests {
    @Test func ingestedDocumentsMakeAValidBundle() throws {
        let work = try Workspace()
        let tokyo = Fixtures.tenant("tokyo")
        let tenants = try work.write(
            "tenants.json",
            Fixtures.tenants([tokyo, Fixtures.tenant("sydney", language: "en", zone: "Australia/Sydney")]))
        let lines = try work.writeLines(
            "incidents.ndjson",
            [
                Fixtures.incident(tokyo, id: "MARCH-END", determinedAt: "2026-03-31T23:30:00+09:00"),
                Fixtures.incident(tokyo, id: "APRIL-START", determinedAt: "2026-04-01T00:10:00+09:00"),
                Fixtures.incident(tokyo, id: "REVISED", revision: 1, severity: "medium"),
                Fixtures.incident(tokyo, id: "REVISED", revision: 2, severity: "critical"),
            ])
        let metrics = try work.write("metrics.json", (1...3).map { Fixtures.metrics("tokyo", month: "2026-0\($0)") })

        let first = try work.run(["ingest", tenants, lines, metrics, "--db", work.db])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("\(lines): line 4: $: incident tokyo/REVISED r2: added"))
        #expect(first.stdout.contains("\(metrics): $[2]: metrics tokyo 2026-03: added"))

        let again = try work.run(["ingest", tenants, lines, metrics, "--db", work.db])
        let records = again.stdout.split(separator: "\n").filter { !$0.contains(" records: ") }
        #expect(!records.isEmpty && records.allSatisfy { $0.hasSuffix(": unchanged") }, "\(again.stdout)")

        let bundle = try work.run(["monthly", "bundle", "--tenant", "tokyo", "--month", "2026-03", "--db", work.db])
        #expect(bundle.status == 0, "\(bundle.stderr)")
        let read = try DocumentReader.readMonthly(Data(bundle.stdout.utf8), source: "stdout")
        #expect(
            read.incidents.map { "\($0.id) r\($0.revision) \($0.severity)" } == [
                "REVISED r2 critical", "MARCH-END r1 serious",
            ])
        #expect(read.history.map(\.month.description) == ["2026-01", "2026-02"])
        #expect(read.funnel.events == 1200)
    }

    @Test func aBadFileIsReportedAndNothingOfItIsStored() throws {
        let work = try Workspace()
        let zeta = Fixtures.tenant("zeta")
        var broken = Fixtures.incident(zeta, id: "INC-1")
        broken["severity"] = "huge"
        let bad = try work.write(
            "bad.json", [Fixtures.tenants([zeta]), broken, Fixtures.metrics("zeta", month: "2026-03")])
        let result = try work.run(["ingest", bad, "--db", work.db])
        #expect(result.status == 2)
        let problems = result.stderr.split(separator: "\n").filter { $0.hasPrefix("\(bad): ") }
        #expect(problems.contains { $0.hasPrefix("\(bad): $[1].severity: ") }, "\(result.stderr)")

        let unknown = try work.write("unknown.json", Fixtures.metrics("nobody", month: "2026-03"))
        let rejected = try work.run(["ingest", unknown, "--db", work.db])
        #expect(rejected.status == 2)
        #expect(rejected.stderr.contains("\(unknown): $.tenantId: unknown tenant \"nobody\""), "\(rejected.stderr)")

        let bundle = try work.run(["monthly", "bundle", "--tenant", "zeta", "--month", "2026-03", "--db", work.db])
        #expect(bundle.status == 1)
        #expect(bundle.stderr.contains("unknown tenant \"zeta\""), "nothing of bad.json was stored")
    }

    @Test func idsThatCouldLeaveTheirFolderAreRejected() throws {
        let work = try Workspace()
        let evil = Fixtures.incident(Fixtures.tenant("../evil"), id: "../../INC-1")
        let publish = try work.run(
            ["incident", "publish", "-", "--db", work.db, "--portal", work.portal.path],
            stdin: try JSONSerialization.data(withJSONObject: evil))
        #expect(publish.status == 2)
        #expect(publish.stderr.contains("<stdin>: $.id: "))
        #expect(publish.stderr.contains("<stdin>: $.tenant.id: "))
        #expect(!FileManager.default.fileExists(atPath: work.url.appendingPathComponent("evil").path))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: work.portal.path))?.isEmpty ?? true)

        let bundle = try work.run(["monthly", "bundle", "--tenant", "../evil", "--month", "2026-03", "--db", work.db])
        #expect(bundle.status == 1)
        let run = try work.run([
            "monthly", "run", "--tenant", "../evil", "--month", "2026-03", "--db", work.db, "--portal",
            work.portal.path,
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("unknown tenant(s): ../evil"))
    }
}
