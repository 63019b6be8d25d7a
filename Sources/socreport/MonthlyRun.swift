import ArgumentParser
import Foundation
import SOCModel
import SOCPortal
import SOCRender
import SOCReports
import SOCStore

struct MonthlyRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Render and publish every tenant's monthly report for a month, in parallel.",
        discussion: """
            Each report goes to <portal>/<tenant>/monthly/YYYY-MM.pdf. A tenant whose bundle and renderer \
            are unchanged since its report was published is skipped, so running again finishes what an \
            interrupted run left undone and publishes nothing new otherwise. One tenant's failure does not \
            stop the others; the exit status is 1 when any failed.
            """)

    @Option(help: ArgumentHelp("The reports' month.", valueName: "YYYY-MM"))
    var month: YearMonth

    @OptionGroup var store: StoreOptions
    @OptionGroup var portal: PortalOptions

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Only this machine's part of the tenants: part K of N (1 ≤ K ≤ N), by a stable hash of the tenant id.", valueName: "K/N"))
    var shard: Shard?

    @Option(name: .customLong("tenant"), help: ArgumentHelp("Only these tenants (repeatable).", valueName: "id"))
    var tenants: [String] = []

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let store = try store.open()
        var ids = try store.tenantIDs()
        if !tenants.isEmpty {
            let known = Set(ids)
            let unknown = tenants.filter { !known.contains($0) }
            guard unknown.isEmpty else { throw CLIError("unknown tenant(s): \(unknown.joined(separator: ", "))") }
            ids = Array(Set(tenants)).sorted()
        }
        if let shard { ids = ids.filter(shard.contains) }
        let batch = try MonthlyBatch(store: store, portal: Portal(root: URL(fileURLWithPath: portal.resolvedPath)),
                                     month: month, jobs: jobs, command: "monthly run")
        let summary = try batch.run(ids)
        print(summary.report(month: month, shard: shard))
        if summary.failures.count > 0 { throw ExitCode(1) }
    }
}

/// Publishes monthly reports for a list of tenants with `jobs` worker threads.
///
/// Threads rather than worker processes: the fonts are loaded once and shared (`ReportEngine(fonts:)`),
/// the store's connection pool serves every worker's reads, and a tenant's failure is a thrown error
/// confined to that tenant. Workers pull tenant ids one at a time, so memory holds at most one bundle
/// and one PDF per worker whatever the number of tenants. A crash of the whole process loses only the
/// reports being drawn; the next run finishes them.
struct MonthlyBatch {
    let store: Store
    let portal: Portal
    let month: YearMonth
    let jobs: Int
    let command: String
    let home: ResourceHome
    let renderer: String

    init(store: Store, portal: Portal, month: YearMonth, jobs: Int, command: String) throws {
        self.store = store
        self.portal = portal
        self.month = month
        self.jobs = jobs
        self.command = command
        home = try ResourceHome.locate()
        renderer = Publishing.renderer(home)
    }

    enum Outcome: Sendable {
        case published(path: String)
        case unchanged
        case failed(reason: String)
    }

    struct Summary {
        var published = 0
        var unchanged = 0
        var failures: [(tenant: String, reason: String)] = []
        var seconds = 0.0

        func report(month: YearMonth, shard: Shard?) -> String {
            let scope = shard.map { " (shard \($0))" } ?? ""
            var lines = ["monthly \(month)\(scope): \(published + unchanged + failures.count) tenants in \(String(format: "%.1f", seconds)) s: \(published) published, \(unchanged) unchanged (skipped), \(failures.count) failed"]
            lines += failures.map { "failed: \($0.tenant): \($0.reason)" }
            return lines.joined(separator: "\n")
        }
    }

    func run(_ tenantIDs: [String]) throws -> Summary {
        let started = Date()
        let engines = try Workers.engines(jobs: jobs, items: tenantIDs.count, home: home)
        let progress = BatchProgress(total: tenantIDs.count, month: month)
        Workers.run(tenantIDs, contexts: engines) { id, engine in
            progress.record(id, publish(id, engine: engine))
        }
        var summary = progress.finish()
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// One tenant: assemble, skip when published from the same bundle and renderer, else render and publish.
    func publish(_ tenantID: String, engine: ReportEngine) -> Outcome {
        do {
            let (bundle, json) = try MonthlyBundles.assemble(store, tenant: tenantID, month: month)
            let inputSha256 = ContentDigest.sha256Hex(json)
            let folder = try portal.folder(for: bundle.tenant)
            let probe = PortalDocument.monthly(month: month, title: "", inputSha256: inputSha256, renderer: renderer)
            if try folder.published(probe) != nil {
                try folder.sweep()
                return .unchanged
            }
            let document = engine.monthlyDocument(bundle)
            let pdf = try engine.render(document).pdf
            let outcome = try folder.publish(
                .monthly(month: month, title: document.title, inputSha256: inputSha256, renderer: renderer), bytes: pdf)
            guard case .published(let entry) = outcome else { return .unchanged }
            try store.recordPublication(Publishing.record(entry, tenant: tenantID, portal: portal, command: command))
            return .published(path: folder.url.appendingPathComponent(entry.path).path)
        } catch {
            return .failed(reason: "\(error)")
        }
    }
}
