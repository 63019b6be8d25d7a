import Foundation
import PostgresTestSupport
import SOCPortal
import SOCStore
import Testing

@Suite struct MonthlyRunTests {
    /// A store of `count` tenants with three months of metrics and an incident each.
    func workspace(tenants count: Int, store: TestStore = .sqlite, label: String = #function) throws -> (
        Workspace, [String]
    ) {
        let work = try Workspace(store: store, label: label)
        let ids = (1...count).map { String(format: "t%02d", $0) }
        let tenants = ids.enumerated().map { i, id in
            i % 3 == 2 ? Fixtures.tenant(id, language: "en", zone: "Europe/London") : Fixtures.tenant(id)
        }
        var documents: [Any] = [Fixtures.tenants(tenants)]
        for tenant in tenants {
            let id = tenant["id"] as! String
            documents += (1...3).map { Fixtures.metrics(id, month: "2026-0\($0)") }
            documents.append(Fixtures.incident(tenant, id: "INC-\(id)"))
        }
        let file = try work.write("store.json", documents)
        let ingest = try work.run(["ingest", file, "--db", work.db])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return (work, ids)
    }

    /// What a batch process logged about each tenant it met: "published", "unchanged, skipped" or
    /// "claimed by another process, skipped"; a tenant named twice is a fault.
    func outcomes(_ result: CLI.Result, sourceLocation: SourceLocation = #_sourceLocation) -> [String: String] {
        var outcomes: [String: String] = [:]
        for line in result.stderr.split(separator: "\n") where line.contains("socreport.monthly:") {
            guard let tenant = line.firstMatch(of: /\btenant=(\S+)\s/)?.1, let said = line.firstMatch(of: /\] (.+)$/)?.1
            else { continue }
            #expect(
                outcomes.updateValue(String(said), forKey: String(tenant)) == nil, "\(tenant) twice: \(result.stderr)",
                sourceLocation: sourceLocation)
        }
        return outcomes
    }

    /// Each tenant has exactly one monthly publication in the store and its report in a complete manifest.
    func expectPublishedOnce(_ work: Workspace, _ ids: [String], sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        let store = try work.openStore()
        for id in ids {
            let monthly = try await store.publications(tenantID: id).filter { $0.kind == .monthly }
            #expect(monthly.count == 1, "\(id) published \(monthly.count) times", sourceLocation: sourceLocation)
            try work.expectConsistent(id, sourceLocation: sourceLocation)
            #expect(try work.manifest(id).entry(at: "monthly/2026-03.pdf") != nil, sourceLocation: sourceLocation)
        }
    }

    func monthlyReports(_ work: Workspace) -> Set<String> {
        let tenants = (try? FileManager.default.contentsOfDirectory(atPath: work.portal.path)) ?? []
        return Set(
            tenants.filter {
                FileManager.default.fileExists(
                    atPath: work.portal.appendingPathComponent("\($0)/monthly/2026-03.pdf").path)
            })
    }

    @Test func aBatchKilledMidwayIsFinishedByTheNextRun() throws {
        let (work, ids) = try workspace(tenants: 10)
        let arguments = [
            "monthly", "run", "--month", "2026-03", "--db", work.db, "--portal", work.portal.path, "--jobs", "1",
        ]
        let batch = try CLI.start(arguments, in: work.url)
        let deadline = Date().addingTimeInterval(60)
        while monthlyReports(work).count < 2, batch.process.isRunning, Date() < deadline { usleep(2_000) }
        kill(batch.process.processIdentifier, SIGKILL)
        batch.process.waitUntilExit()
        #expect(batch.process.terminationReason == .uncaughtSignal, "the batch finished before it could be killed")

        // Whatever the kill interrupted: every file at its path is complete (temporary files aside), and
        // every manifest entry matches its file. A report renamed into place just before the kill may not
        // be listed yet; the next run lists it.
        for id in monthlyReports(work) {
            let pdf = try Data(contentsOf: work.portal.appendingPathComponent("\(id)/monthly/2026-03.pdf"))
            #expect(pdf.prefix(5) == Data("%PDF-".utf8))
            #expect(String(decoding: pdf.suffix(8), as: UTF8.self).contains("%%EOF"))
            guard FileManager.default.fileExists(atPath: work.portal.appendingPathComponent("\(id)/index.json").path)
            else { continue }
            for entry in try work.manifest(id).documents {
                let bytes = try Array(Data(contentsOf: work.portal.appendingPathComponent("\(id)/\(entry.path)")))
                #expect(ContentDigest.sha256Hex(bytes) == entry.sha256)
            }
        }

        // As a crash while writing would leave it, in a tenant whose report is complete.
        let leftover = work.portal.appendingPathComponent(
            "t01/monthly/.2026-03.pdf\(AtomicFile.temporaryMarker)99999-1")
        try Data("partial".utf8).write(to: leftover)

        let rerun = try work.run(arguments)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("10 tenants"))
        #expect(monthlyReports(work) == Set(ids))
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
        for id in ids {
            try work.expectConsistent(id)
            #expect(try work.manifest(id).entry(at: "monthly/2026-03.pdf") != nil)
        }

        let third = try work.run(arguments)
        #expect(third.stdout.contains("0 published, 10 unchanged (skipped), 0 failed"), "\(third.stdout)")
    }

    @Test func shardsTogetherCoverEveryTenantOnce() throws {
        let (work, ids) = try workspace(tenants: 7)
        var covered: [String] = []
        for k in 1...3 {
            let before = monthlyReports(work)
            let result = try work.run([
                "monthly", "run", "--month", "2026-03", "--db", work.db, "--portal", work.portal.path, "--shard",
                "\(k)/3",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("(shard \(k)/3)"))
            covered += monthlyReports(work).subtracting(before)
            #expect(result.stdout.contains(" 0 unchanged (skipped)"), "a shard never meets another shard's tenants")
        }
        #expect(covered.sorted() == ids)
    }

    @Test func oneTenantsFailureDoesNotStopTheOthers() throws {
        let (work, ids) = try workspace(tenants: 3)
        // A file where t02's folder should be: its report cannot be published.
        try FileManager.default.createDirectory(at: work.portal, withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: work.portal.appendingPathComponent("t02"))
        let result = try work.run([
            "monthly", "run", "--month", "2026-03", "--db", work.db, "--portal", work.portal.path,
        ])
        #expect(result.status == 1)
        #expect(result.stdout.contains("2 published, 0 unchanged (skipped), 1 failed"), "\(result.stdout)")
        #expect(result.stdout.contains("failed: t02: "))
        #expect(monthlyReports(work) == Set(ids.filter { $0 != "t02" }))
    }

    /// Four shard processes of an Indexed Job at once, a fifth given the same shard as the first, and a
    /// sixth running every tenant, on one store: each tenant's report is published exactly once, the
    /// processes that met a claimed tenant skipped it, and every manifest is complete.
    @Test(arguments: TestStore.allCases)
    func concurrentShardsAndDuplicatesPublishEachTenantOnce(store: TestStore) async throws {
        let (work, ids) = try workspace(tenants: 12, store: store)
        let arguments = [
            "monthly", "run", "--month", "2026-03", "--db", work.db, "--portal", work.portal.path, "--jobs", "1",
        ]
        var runs = try (0..<4).map {
            try CLI.start(arguments + ["--shards", "4"], in: work.url, environment: ["JOB_COMPLETION_INDEX": "\($0)"])
        }
        runs.append(
            try CLI.start(arguments, in: work.url, environment: ["JOB_COMPLETION_INDEX": "0", "SOCREPORT_SHARDS": "4"]))
        runs.append(try CLI.start(arguments, in: work.url))
        for run in runs { run.process.waitUntilExit() }
        let results = runs.map { $0.result() }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        for k in 1...4 { #expect(results[k - 1].stdout.contains("(shard \(k)/4)"), "\(results[k - 1].stdout)") }
        #expect(results[4].stdout.contains("(shard 1/4)"))

        try await expectPublishedOnce(work, ids)
        // Each process names every tenant it met once; exactly one of them published it, the others
        // found it published already or claimed by another process.
        let said = results.map { outcomes($0) }
        for id in ids {
            let publishers = said.filter { $0[id] == "published" }.count
            #expect(publishers == 1, "\(id) published by \(publishers) processes")
            let others = Set(said.compactMap { $0[id] }.filter { $0 != "published" })
            #expect(
                others.isSubset(of: ["unchanged, skipped", "claimed by another process, skipped"]), "\(id): \(others)")
        }
        #expect(said[5].count == ids.count && said[0].keys == said[4].keys)
        // Between them the six summaries count each tenant as published once.
        let published = results.compactMap { result in
            result.stdout.firstMatch(of: /: (\d+) published,/).map { Int($0.1)! }
        }
        #expect(published.count == 6)
        #expect(published.reduce(0, +) == ids.count, "\(results.map(\.stdout))")
    }

    /// Four shard processes at once, one of them killed (SIGKILL) after its first report and run again:
    /// every tenant is published exactly once, the killed shard's unfinished tenants by the second run.
    @Test(arguments: TestStore.allCases)
    func aShardKilledMidwayIsFinishedWhenRunAgain(store: TestStore) async throws {
        let (work, ids) = try workspace(tenants: 12, store: store)
        let arguments = [
            "monthly", "run", "--month", "2026-03", "--db", work.db, "--portal", work.portal.path, "--jobs", "1",
        ]
        let shards = (1...4).map { Shard(index: $0, count: 4)! }
        // The shard with the most tenants, so that it is still at work after its first report.
        let victim = shards.max { a, b in ids.filter(a.contains).count < ids.filter(b.contains).count }!
        let victims = Set(ids.filter(victim.contains))
        try #require(victims.count >= 2)
        let runs = try shards.map { try CLI.start(arguments + ["--shard", "\($0)"], in: work.url) }
        let killed = runs[victim.index - 1]
        let deadline = Date().addingTimeInterval(120)
        while monthlyReports(work).isDisjoint(with: victims), killed.process.isRunning, Date() < deadline {
            usleep(1_000)
        }
        kill(killed.process.processIdentifier, SIGKILL)
        for run in runs { run.process.waitUntilExit() }
        #expect(
            killed.process.terminationReason == .uncaughtSignal, "shard \(victim) finished before it could be killed")
        for (run, shard) in zip(runs, shards) where shard != victim {
            #expect(run.result().status == 0, "\(run.result().stderr)")
        }
        let unfinished = victims.subtracting(monthlyReports(work))
        #expect(!unfinished.isEmpty, "shard \(victim) published all its tenants before it was killed")

        let rerun = try work.run(arguments + ["--shard", "\(victim)"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(
            Set(outcomes(rerun).filter { $0.value == "published" }.keys).isSuperset(of: unfinished), "\(rerun.stderr)")
        #expect(monthlyReports(work) == Set(ids))
        try await expectPublishedOnce(work, ids)
        let all = try work.run(arguments)
        #expect(all.stdout.contains("0 published, 12 unchanged (skipped), 0 failed"), "\(all.stdout)")
    }

    /// Two processes given the same shard while a third process (this test) holds the claim on one of its
    /// tenants: both say so and skip that tenant, and between them publish every other tenant once; when
    /// the claim is released, the shard run again publishes that tenant alone.
    @Test(arguments: TestStore.allCases)
    func twoProcessesOnOneShardPublishEachTenantOnce(store: TestStore) async throws {
        let (work, ids) = try workspace(tenants: 8, store: store)
        let shard = Shard(index: 1, count: 2)!
        let mine = ids.filter(shard.contains)
        let held = try #require(mine.first)
        let owner = MonthlyClaim.owner()
        let claims = try work.openStore()
        #expect(try await claims.claimMonthly(tenantID: held, month: "2026-03", owner: owner) == .claimed)

        let arguments = [
            "monthly", "run", "--month", "2026-03", "--db", work.db, "--portal", work.portal.path, "--jobs", "1",
            "--shard", "\(shard)",
        ]
        let runs = try (0..<2).map { _ in try CLI.start(arguments, in: work.url) }
        for run in runs { run.process.waitUntilExit() }
        let said = runs.map { outcomes($0.result()) }
        for (run, outcomes) in zip(runs, said) {
            #expect(run.result().status == 0, "\(run.result().stderr)")
            #expect(outcomes.keys.sorted() == mine)
            #expect(outcomes[held] == "claimed by another process, skipped")
            #expect(run.result().stdout.contains("claimed by another process (skipped)"), "\(run.result().stdout)")
        }
        for id in mine where id != held {
            #expect(said.filter { $0[id] == "published" }.count == 1, "\(id): \(said.map { $0[id] ?? "-" })")
        }
        #expect(!monthlyReports(work).contains(held))

        try await claims.releaseMonthly(tenantID: held, month: "2026-03", owner: owner)
        let rerun = try work.run(arguments)
        #expect(
            rerun.stdout.contains("1 published, \(mine.count - 1) unchanged (skipped), 0 failed"), "\(rerun.stdout)")
        try await expectPublishedOnce(work, mine)
        #expect(monthlyReports(work) == Set(mine))
    }

    /// A monthly run started through the API of a real `socreport serve`, which is SIGKILLed after its
    /// first reports: restarted, the server resumes the run from the store and finishes it, every tenant
    /// published once.
    @Test(arguments: TestStore.allCases)
    func aServerKilledMidRunResumesItOnRestart(store: TestStore) async throws {
        let (work, ids) = try workspace(tenants: 8, store: store)
        let token = try #require(
            try work.run(["apikey", "create", "--db", work.db, "--name", "t", "--scope", "publish"])
                .stdout.split(separator: "\n").last.map(String.init))
        let arguments = [
            "serve", "--db", work.db, "--portal", work.portal.path, "--listen", "127.0.0.1:0", "--workers", "1",
        ]
        func call(_ port: Int, _ method: String, _ path: String, _ body: Data? = nil) throws -> (
            head: String, json: [String: Any]
        ) {
            let answer = try Loopback.exchange(
                port: port, Loopback.request(method, path, token: token, contentLength: body?.count) + (body ?? Data()))
            let parts = answer.components(separatedBy: "\r\n\r\n")
            let json =
                (try? JSONSerialization.jsonObject(with: Data((parts.dropFirst().first ?? "").utf8))) as? [String: Any]
            return (parts[0], json ?? [:])
        }

        let first = try CLI.start(arguments, in: work.url)
        defer { if first.process.isRunning { kill(first.process.processIdentifier, SIGKILL) } }
        let started = try call(
            try await ServeTests.listeningPort(first), "POST", "/api/v1/monthly-runs",
            try JSONSerialization.data(withJSONObject: ["month": "2026-03"]))
        #expect(started.head.hasPrefix("HTTP/1.1 202"), "\(started)")
        let id = try #require(started.json["id"] as? String)
        let deadline = Date().addingTimeInterval(120)
        while monthlyReports(work).count < 2, first.process.isRunning, Date() < deadline { usleep(2_000) }
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        let before = monthlyReports(work)
        #expect(before.count < ids.count, "the run finished before the server could be killed")

        let second = try CLI.start(arguments, in: work.url)
        defer { if second.process.isRunning { kill(second.process.processIdentifier, SIGKILL) } }
        let port = try await ServeTests.listeningPort(second)
        var run: [String: Any] = [:]
        for _ in 0..<1200 {
            run = try call(port, "GET", "/api/v1/monthly-runs/\(id)").json
            if run["state"] as? String != "running" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(
            run["state"] as? String == "finished" && run["done"] as? Int == ids.count && run["failed"] as? Int == 0,
            "\(run)")
        kill(second.process.processIdentifier, SIGTERM)
        second.process.waitUntilExit()
        let log = second.result().stderr
        #expect(second.result().status == 0, "\(log)")
        #expect(log.contains("monthly run resumed"), "\(log)")
        #expect(monthlyReports(work) == Set(ids))
        try await expectPublishedOnce(work, ids)
    }

    @Test func theIndexedJobsShardNeedsItsCount() throws {
        let (work, _) = try workspace(tenants: 1)
        let arguments = ["monthly", "run", "--month", "2026-03", "--db", work.db, "--portal", work.portal.path]
        let missing = try CLI.start(arguments, in: work.url, environment: ["JOB_COMPLETION_INDEX": "0"])
        missing.process.waitUntilExit()
        #expect(missing.result().status != 0)
        #expect(missing.result().stderr.contains("--shards N or $SOCREPORT_SHARDS"), "\(missing.result().stderr)")
        let outOfRange = try CLI.start(
            arguments + ["--shards", "2"], in: work.url, environment: ["JOB_COMPLETION_INDEX": "2"])
        outOfRange.process.waitUntilExit()
        #expect(outOfRange.result().stderr.contains("is not a shard of 2"), "\(outOfRange.result().stderr)")
        let noIndex = try work.run(arguments + ["--shards", "2"])
        #expect(noIndex.status != 0)
        #expect(noIndex.stderr.contains("JOB_COMPLETION_INDEX"))
    }
}
