import ArgumentParser
import Foundation
import SOCEngine
import SOCModel
import SOCPortal
import SOCPublishing
import SOCRender
import SOCStore
import SOCTemplates
import Synchronization

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a store and a portal from the project's example data (examples/).",
        discussion: """
            Ingests examples/ into DIR/socreport.sqlite (or the store of --db), publishes every incident \
            revision and the latest month's monthly report of every tenant into DIR/portal. With \
            --bench-tenants N, writes instead a store of N tenants with a year of history each, cloned from \
            the examples, and prints the command that times `monthly run` over it.
            """)

    @Argument(help: "Where to build the demo.")
    var directory = "demo"

    @Option(
        name: .customLong("db"),
        help: ArgumentHelp("The store to fill (default: DIR/socreport.sqlite).", valueName: "location"))
    var location: String?

    @Option(help: ArgumentHelp("Write a benchmark store of this many tenants instead.", valueName: "N"))
    var benchTenants: Int?

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if let benchTenants, benchTenants < 1 { throw ValidationError("--bench-tenants must be at least 1") }
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: directory).standardizedFileURL
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: Portal.directoryPermissions])
        let home = try ResourceHome.locate()
        let examples = try ExampleData(folder: home.root.appendingPathComponent("examples"))
        let databasePath = location ?? folder.appendingPathComponent("socreport.sqlite").path
        let portalPath = folder.appendingPathComponent("portal").path
        let store = try StoreOptions.open(databasePath)
        guard let month = examples.latestMonth else { throw CLIError("\(examples.folder.path) has no metrics") }

        if let benchTenants {
            let started = Date()
            try await examples.cloneIntoStore(store, tenants: benchTenants)
            print(
                "\(store.location): \(benchTenants) tenants with the examples' year of history (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)"
            )
            print("time the batch with:")
            print(
                "  /usr/bin/time -v \(CommandLine.arguments[0]) monthly run --month \(month) --db \(store.location) --portal \(portalPath)"
            )
            return
        }

        for (name, documents) in examples.documents {
            let changes = try await store.ingest(documents)
            print("ingested \(name): \(changes.count) records")
        }
        let portal = try PortalOptions.open(portalPath)
        let keys = try await store.incidentKeys()
        let publishers = try Workers.engines(jobs: jobs, items: keys.count, home: home).map { engine in
            try IncidentPublisher(store: store, portal: portal, command: "demo", engine: engine)
        }
        let failures = Failures()
        let published = Counter()
        await Workers.run(
            keys.map { IncidentKey(tenantID: $0.tenantID, id: $0.id, revision: $0.revision) }, contexts: publishers
        ) { (key: IncidentKey, publisher: IncidentPublisher) in
            do {
                guard
                    let incident = try await store.incident(tenantID: key.tenantID, id: key.id, revision: key.revision)
                else { return }
                if case .published = try await publisher.publish(incident).outcome { published.increment() }
            } catch {
                failures.add("incident \(key.tenantID)/\(key.id) r\(key.revision): \(error)")
            }
        }
        print(
            "incident reports: \(published.value) published, \(keys.count - published.value - failures.count) unchanged, \(failures.count) failed"
        )
        let summary = try await MonthlyBatch(store: store, portal: portal, month: month, jobs: jobs, command: "demo")
            .run(try await store.tenantIDs())
        print(summary.report(month: month, shard: nil))
        for failure in failures.all { printError(failure) }
        let firstTenant = try await store.tenantIDs().first ?? ""
        print(
            """

            store:  \(store.location)
            portal: \(portalPath)
            open \(portalPath)/<tenant>/index.html, for example \(portalPath)/\(firstTenant)/index.html
            """)
        if !failures.all.isEmpty || !summary.failures.isEmpty { throw ExitCode(1) }
    }
}

private struct IncidentKey: Sendable {
    var tenantID: String
    var id: String
    var revision: Int
}

private final class Counter: Sendable {
    private let count = Mutex(0)

    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

private final class Failures: Sendable {
    private let messages = Mutex<[String]>([])

    func add(_ message: String) { messages.withLock { $0.append(message) } }
    var all: [String] { messages.withLock { $0 } }
    var count: Int { all.count }
}

/// The project's example documents in `examples/`: tenants first, then every other .json and .ndjson
/// file in path order, each read and validated as `ingest` would.
struct ExampleData {
    let folder: URL
    let documents: [(name: String, documents: [(position: String, document: AnyDocument)])]

    init(folder: URL) throws {
        self.folder = folder
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else {
            throw CLIError("\(folder.path): the examples folder is missing")
        }
        let files = walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") || $0.hasSuffix(".ndjson") }
            .sorted()
        let names = files.filter { $0 == "tenants.json" } + files.filter { $0 != "tenants.json" }
        var documents: [(name: String, documents: [(position: String, document: AnyDocument)])] = []
        for name in names {
            let data = try Input.read(folder.appendingPathComponent(name).path)
            let read: [ReadDocument]
            do {
                read = try DocumentReader.readMany(data, source: "examples/\(name)")
            } catch {
                throw CLIError(error.description)
            }
            documents.append((name, read.map { ($0.position, $0.document) }))
        }
        self.documents = documents
    }

    var latestMonth: YearMonth? {
        documents.flatMap { $0.documents }.compactMap { item -> YearMonth? in
            if case .metrics(let metrics) = item.document { return metrics.month }
            return nil
        }.max()
    }

    /// `count` tenants "bench-00001"…, each a copy of an example tenant (in turn) with its metrics, notes
    /// and incidents; incidents keep 20 log rows, as the monthly report only lists them.
    func cloneIntoStore(_ store: Store, tenants count: Int) async throws {
        let all = documents.flatMap { $0.documents.map(\.document) }
        let templates = all.flatMap { document -> [Tenant] in
            if case .tenants(let list) = document { return list.tenants }
            return []
        }
        guard !templates.isEmpty else { throw CLIError("\(folder.path) has no tenants") }
        _ = try await store.ingest(
            all.compactMap { document in
                if case .news = document { return ("$", document) }
                return nil
            })
        let batch = 50
        for start in stride(from: 0, to: count, by: batch) {
            var clones: [(position: String, document: AnyDocument)] = []
            for number in start..<min(start + batch, count) {
                var tenant = templates[number % templates.count]
                let template = tenant.id
                tenant.id = String(format: "bench-%05d", number + 1)
                tenant.name += " #\(number + 1)"
                clones.append(("$", .tenants(TenantsDocument(tenants: [tenant]))))
                for document in all {
                    switch document {
                    case .metrics(var metrics) where metrics.tenantId == template:
                        metrics.tenantId = tenant.id
                        clones.append(("$", .metrics(metrics)))
                    case .notes(var notes) where notes.tenantId == template:
                        notes.tenantId = tenant.id
                        clones.append(("$", .notes(notes)))
                    case .incident(var incident) where incident.tenant.id == template:
                        incident.tenant = tenant
                        incident.attack.logs = Array(incident.attack.logs.prefix(20))
                        clones.append(("$", .incident(incident)))
                    default:
                        break
                    }
                }
            }
            _ = try await store.ingest(clones)
        }
    }
}
