import ArgumentParser
import Foundation
import SOCModel
import SOCPortal
import SOCPublishing
import SOCStore

struct MonthlyRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Render and publish every tenant's monthly report for a month, in parallel.",
        discussion: """
            Each report goes to <portal>/<tenant>/monthly/YYYY-MM.pdf. A tenant whose bundle and renderer \
            are unchanged since its report was published is skipped, so running again finishes what an \
            interrupted run left undone and publishes nothing new otherwise. One tenant's failure does not \
            stop the others; the exit status is 1 when any failed.
            """)

    @Option(
        help: ArgumentHelp(
            "The reports' month, or \"previous\" (the month before the current one in UTC).", valueName: "YYYY-MM"))
    var month: YearMonth

    @OptionGroup var store: StoreOptions
    @OptionGroup var portal: PortalOptions

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        help: ArgumentHelp(
            "Only this machine's part of the tenants: part K of N (1 ≤ K ≤ N), by a stable hash of the tenant id.",
            valueName: "K/N"))
    var shard: Shard?

    @Option(
        help: ArgumentHelp(
            "With $JOB_COMPLETION_INDEX (0 to N-1, set by a Kubernetes Indexed Job) and no --shard: the number of shards (default: $SOCREPORT_SHARDS).",
            valueName: "N"))
    var shards: Int?

    @Option(name: .customLong("tenant"), help: ArgumentHelp("Only these tenants (repeatable).", valueName: "id"))
    var tenants: [String] = []

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    /// --shard, else the Indexed Job's pod index with the shard count.
    func resolvedShard(_ environment: [String: String]) throws -> Shard? {
        if let shard { return shard }
        guard let index = environment["JOB_COMPLETION_INDEX"] else {
            if shards != nil {
                throw ValidationError("--shards takes the shard from $JOB_COMPLETION_INDEX, which is not set")
            }
            return nil
        }
        guard let count = shards ?? environment["SOCREPORT_SHARDS"].flatMap({ Int($0) }) else {
            throw ValidationError(
                "$JOB_COMPLETION_INDEX is set: give the number of shards with --shards N or $SOCREPORT_SHARDS")
        }
        guard let shard = Shard(completionIndex: index, count: count) else {
            throw ValidationError("$JOB_COMPLETION_INDEX \"\(index)\" is not a shard of \(count) (0 to \(count - 1))")
        }
        return shard
    }

    func run() async throws {
        let store = try store.open()
        var ids = try await store.tenantIDs()
        if !tenants.isEmpty {
            let known = Set(ids)
            let unknown = tenants.filter { !known.contains($0) }
            guard unknown.isEmpty else { throw CLIError("unknown tenant(s): \(unknown.joined(separator: ", "))") }
            ids = Array(Set(tenants)).sorted()
        }
        let shard = try resolvedShard(ProcessInfo.processInfo.environment)
        if let shard { ids = ids.filter(shard.contains) }
        let batch = try MonthlyBatch(
            store: store, portal: portal.open(),
            month: month, jobs: jobs, command: "monthly run")
        let progress = BatchProgress(total: ids.count, month: month)
        let summary = try await batch.run(ids, progress: progress.record)
        progress.finish()
        print(summary.report(month: month, shard: shard))
        if summary.failures.count > 0 { throw ExitCode(1) }
    }
}
