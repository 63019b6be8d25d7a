import Foundation
import SOCEngine
import SOCIndicators
import SOCModel
import SOCPortal
import SOCStore
import SOCTemplates
import Synchronization

/// Publishes monthly reports for a list of tenants with `jobs` workers, each drawing on a thread of its own.
///
/// Threads rather than worker processes: the fonts are loaded once and shared (`ReportEngine(fonts:)`),
/// the store's connection pool serves every worker's reads, and a tenant's failure is a thrown error
/// confined to that tenant. Workers pull tenant ids one at a time, so memory holds at most one bundle
/// and one PDF per worker whatever the number of tenants. A crash of the whole process loses only the
/// reports being drawn; the next run finishes them.
public struct MonthlyBatch: Sendable {
    public let store: Store
    public let portal: Portal
    public let month: YearMonth
    public let jobs: Int
    public let command: String
    public let home: ResourceHome
    public let renderer: String
    /// This batch, as its claims on tenant-months name it.
    public let owner = MonthlyClaim.owner()

    public init(store: Store, portal: Portal, month: YearMonth, jobs: Int, command: String) throws {
        self.store = store
        self.portal = portal
        self.month = month
        self.jobs = jobs
        self.command = command
        home = try ResourceHome.locate()
        renderer = Publishing.renderer(home)
    }

    public enum Outcome: Sendable {
        case published(path: String)
        case unchanged
        /// Another process holds the tenant's claim for the month and publishes it.
        case claimedElsewhere(by: String)
        case failed(reason: String)
    }

    public struct Summary: Sendable {
        public var published = 0
        public var unchanged = 0
        public var claimedElsewhere = 0
        public var failures: [(tenant: String, reason: String)] = []
        public var seconds = 0.0

        public init() {}

        /// Counts one tenant's outcome.
        public mutating func add(_ tenant: String, _ outcome: Outcome) {
            switch outcome {
            case .published: published += 1
            case .unchanged: unchanged += 1
            case .claimedElsewhere: claimedElsewhere += 1
            case .failed(let reason): failures.append((tenant, reason))
            }
        }

        public var done: Int { published + unchanged + claimedElsewhere + failures.count }

        public func report(month: YearMonth, shard: Shard?) -> String {
            let scope = shard.map { " (shard \($0))" } ?? ""
            let claimed = claimedElsewhere > 0 ? ", \(claimedElsewhere) claimed by another process (skipped)" : ""
            var lines = [
                "monthly \(month)\(scope): \(done) tenants in \(String(format: "%.1f", seconds)) s: \(published) published, \(unchanged) unchanged (skipped)\(claimed), \(failures.count) failed"
            ]
            lines += failures.map { "failed: \($0.tenant): \($0.reason)" }
            return lines.joined(separator: "\n")
        }
    }

    /// Publishes every tenant's report; `progress` hears each outcome (from the worker threads) as it comes.
    public func run(_ tenantIDs: [String], progress: @escaping @Sendable (String, Outcome) -> Void = { _, _ in })
        async throws -> Summary
    {
        let started = Date()
        let engines = try Workers.engines(jobs: jobs, items: tenantIDs.count, home: home)
        let summary = Mutex(Summary())
        await Workers.run(tenantIDs, contexts: engines) { id, engine in
            let outcome = await publish(id, engine: engine)
            summary.withLock { $0.add(id, outcome) }
            progress(id, outcome)
        }
        var result = summary.withLock { $0 }
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// Publishes every tenant's report through the shared `pool`, as `batch` jobs fed one per worker at a
    /// time: the tenants wait in this list, not in the pool's queue, so interactive jobs go first and a
    /// stop leaves them here. `progress` hears each outcome as it comes; when it throws, no other tenant
    /// is started.
    ///
    /// - Throws: once the jobs already running are done, `RenderPool.Stopped`, `CancellationError` or
    ///   `progress`'s error when the pool stops, the caller is cancelled or `progress` throws before every
    ///   tenant was started; the tenants not started are for a later run.
    public func run(
        _ tenantIDs: [String], on pool: RenderPool,
        progress: @escaping @Sendable (String, Outcome) async throws -> Void
    ) async throws {
        let work = WorkQueue(tenantIDs)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<pool.workers {
                group.addTask {
                    while let id = work.next() {
                        let outcome = try await pool.submit(priority: .batch) { engine in
                            await publish(id, engine: engine)
                        }
                        try await progress(id, outcome)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// One tenant: claim it for the month (skip when another process holds it), assemble, skip when
    /// published from the same bundle and renderer, else render and publish. Checking what is published
    /// only under the claim keeps a process that claims after another finished from publishing again.
    public func publish(_ tenantID: String, engine: ReportEngine) async -> Outcome {
        let claim = MonthlyClaim.Key(tenantID: tenantID, month: month.description, owner: owner)
        do {
            if case .heldBy(let holder) = try await store.claimMonthly(
                tenantID: tenantID, month: month.description, owner: owner)
            {
                return .claimedElsewhere(by: holder)
            }
        } catch {
            return .failed(reason: "\(error)")
        }
        let outcome: Outcome
        do {
            outcome = try await publish(claim, engine: engine)
        } catch {
            outcome = .failed(reason: "\(error)")
        }
        // A new report's records end the claim in their own transaction; any other way out ends it here
        // (a claim already ended, or taken over since, is left as it is).
        if case .published = outcome {
        } else {
            try? await store.releaseMonthly(tenantID: claim.tenantID, month: claim.month, owner: claim.owner)
        }
        return outcome
    }

    /// One claimed tenant.
    private func publish(_ claim: MonthlyClaim.Key, engine: ReportEngine) async throws -> Outcome {
        let tenantID = claim.tenantID
        let (bundle, json) = try await MonthlyBundles.assemble(store, tenant: tenantID, month: month)
        let inputSha256 = ContentDigest.sha256Hex(json)
        let folder = try portal.folder(for: bundle.tenant)
        let probe = PortalDocument.monthly(month: month, title: "", inputSha256: inputSha256, renderer: renderer)
        if let entry = try folder.published(probe) {
            // A report published before indicator files existed gets them, and files a killed process
            // listed but did not record get their records; otherwise nothing to do.
            var report = probe
            report.title = entry.title
            let manifest = try folder.manifest()
            if manifest?.entry(at: report.indicatorFile(format: "", suffix: IndicatorFile.stixSuffix, version: "").path)
                == nil
            {
                let files = try await indicatorFiles(bundle, report: report)
                let outcomes = try folder.publish(files)
                try await store.recordPublications(
                    Publishing.records(outcomes, tenant: tenantID, portal: portal, command: command),
                    indexing: Publishing.taxiiIndex(files, tenant: tenantID))
            }
            // Files just published are recorded above; the rest are in the manifest read before.
            try await recordUnrecorded(report, listedIn: manifest, tenantID: tenantID)
            try folder.sweep()
            return .unchanged
        }
        let document = engine.monthlyDocument(bundle)
        let pdf = try engine.render(document).pdf
        let report = PortalDocument.monthly(
            month: month, title: document.title, inputSha256: inputSha256, renderer: renderer)
        let files = try await indicatorFiles(bundle, report: report)
        let outcomes = try folder.publish([(report, pdf)] + files)
        try await store.recordPublications(
            Publishing.records(outcomes, tenant: tenantID, portal: portal, command: command), releasing: claim,
            indexing: Publishing.taxiiIndex(files, tenant: tenantID))
        guard case .published(let entry) = outcomes[0] else { return .unchanged }
        return .published(path: folder.url.appendingPathComponent(entry.path).path)
    }

    /// Records the files of `report` that the manifest lists and the store does not: a process killed
    /// after replacing the manifest and before its store transaction leaves such, and the store must
    /// name every published file once. Matched by path and digest, as a month's report changed since is
    /// published again at the same path.
    private func recordUnrecorded(_ report: PortalDocument, listedIn manifest: Manifest?, tenantID: String) async throws
    {
        let listed = manifest?.documents.filter { $0.path == report.path || $0.report == report.path } ?? []
        let recorded = Set(
            try await store.publications(tenantID: tenantID).filter { $0.portal == portal.root.path }.map {
                [$0.path, $0.sha256]
            })
        let missing = listed.filter { !recorded.contains([$0.path, $0.sha256]) }
        try await store.recordPublications(
            missing.map { Publishing.record($0, tenant: tenantID, portal: portal, command: command) })
    }

    /// The month's indicator files, from the full records of the incidents the bundle lists.
    private func indicatorFiles(_ bundle: MonthlyBundle, report: PortalDocument) async throws -> [(
        document: PortalDocument, bytes: [UInt8]
    )] {
        try Publishing.indicatorFiles(await MonthlyIndicators.list(store, bundle: bundle), of: report)
    }
}
