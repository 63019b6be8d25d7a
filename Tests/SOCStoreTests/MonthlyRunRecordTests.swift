import Foundation
import PostgresTestSupport
import SOCStore
import Testing

/// Monthly runs as the server records them, on both stores.
@Suite struct MonthlyRunRecordTests {
    @Test(arguments: TestStore.allCases) func aRunKeepsEachTenantsOutcomeAndEndsOnce(_ backend: TestStore) async throws
    {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let created = try await store.createMonthlyRun(id: "r1", month: "2026-03", tenantIDs: ["a", "b", "c", "d"])
        #expect(created.state == .running && created.total == 4 && created.done == 0)
        #expect(try await store.monthlyRunPending(runID: "r1") == ["a", "b", "c", "d"])

        #expect(try await store.recordMonthlyRunTenant(runID: "r1", tenantID: "a", outcome: .published) == .running)
        #expect(
            try await store.recordMonthlyRunTenant(runID: "r1", tenantID: "b", outcome: .failed, reason: "no font")
                == .running)
        // Claimed elsewhere, then published by the holder: the holder's outcome stands; a final one is not replaced.
        _ = try await store.recordMonthlyRunTenant(
            runID: "r1", tenantID: "c", outcome: .claimedElsewhere, reason: "host:1:x")
        _ = try await store.recordMonthlyRunTenant(runID: "r1", tenantID: "c", outcome: .published)
        _ = try await store.recordMonthlyRunTenant(runID: "r1", tenantID: "a", outcome: .unchanged)
        #expect(try await store.monthlyRunPending(runID: "r1") == ["d"])

        // A reopened store (a restarted server) sees the same.
        let reopened = try database.open()
        var run = try #require(try await reopened.monthlyRun(id: "r1"))
        #expect(
            run.state == .running && run.total == 4 && run.done == 3 && run.published == 2 && run.failed == 1
                && run.unchanged == 0)
        #expect(run.failures.map { [$0.tenant, $0.reason] } == [["b", "no font"]])

        #expect(try await store.endMonthlyRun(id: "r1", state: .cancelled))
        #expect(try await store.endMonthlyRun(id: "r1", state: .finished) == false, "a run ends once")
        #expect(
            try await store.recordMonthlyRunTenant(runID: "r1", tenantID: "d", outcome: .published) == .cancelled,
            "whoever is still drawing hears the run was cancelled")
        run = try #require(try await store.monthlyRun(id: "r1"))
        #expect(run.state == .cancelled && run.finishedAt != nil && run.done == 4)

        _ = try await store.createMonthlyRun(id: "r2", month: "2026-04", tenantIDs: ["a"])
        #expect(try await store.monthlyRuns(state: .running).map(\.id) == ["r2"])
        #expect(Set(try await store.monthlyRuns().map(\.id)) == ["r1", "r2"])
        #expect(try await store.monthlyRun(id: "nope") == nil)
        #expect(try await store.endMonthlyRun(id: "nope", state: .cancelled) == false)
    }
}
