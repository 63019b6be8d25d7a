import Foundation
import PostgresTestSupport
import SOCStore
import Testing

@Suite struct ClaimTests {
    @Test(arguments: TestStore.allCases) func oneClaimantAtATimeUntilReleasedExpiredOrGone(_ backend: TestStore)
        async throws
    {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let me = MonthlyClaim.owner(token: "a")
        let other = "elsewhere.example:1:b"
        // One clock for every claim, so that a slow machine cannot let the lease run out between two of them.
        let now = Date()
        #expect(try await store.claimMonthly(tenantID: "acme", month: "2026-03", owner: me, now: now) == .claimed)
        #expect(try await store.claimMonthly(tenantID: "acme", month: "2026-03", owner: other, now: now) == .heldBy(me))
        #expect(
            try await store.claimMonthly(tenantID: "acme", month: "2026-04", owner: other, now: now) == .claimed,
            "claims are per month")
        try await store.releaseMonthly(tenantID: "acme", month: "2026-03", owner: other)
        #expect(
            try await store.claimMonthly(tenantID: "acme", month: "2026-03", owner: other, now: now) == .heldBy(me),
            "only the holder releases")
        try await store.releaseMonthly(tenantID: "acme", month: "2026-03", owner: me)
        #expect(try await store.claimMonthly(tenantID: "acme", month: "2026-03", owner: other, now: now) == .claimed)

        // A holder elsewhere keeps its claim until the lease runs out.
        let later = now.addingTimeInterval(MonthlyClaim.lease + 1)
        #expect(try await store.claimMonthly(tenantID: "acme", month: "2026-03", owner: me, now: now) == .heldBy(other))
        #expect(try await store.claimMonthly(tenantID: "acme", month: "2026-03", owner: me, now: later) == .claimed)
    }

    @Test(arguments: TestStore.allCases) func aClaimOfAProcessOfThisMachineThatEndedIsTakenOver(_ backend: TestStore)
        async throws
    {
        let database = try TestDatabase(backend)
        let store = try database.open()
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let gone = "\(ProcessInfo.processInfo.hostName):\(ended.processIdentifier):x"
        #expect(try await store.claimMonthly(tenantID: "acme", month: "2026-03", owner: gone) == .claimed)
        #expect(
            try await store.claimMonthly(tenantID: "acme", month: "2026-03", owner: MonthlyClaim.owner()) == .claimed)
        let alive = "\(ProcessInfo.processInfo.hostName):\(getpid()):y"
        #expect(try await store.claimMonthly(tenantID: "acme", month: "2026-04", owner: alive) == .claimed)
        #expect(
            try await store.claimMonthly(tenantID: "acme", month: "2026-04", owner: MonthlyClaim.owner())
                == .heldBy(alive))
    }
}
