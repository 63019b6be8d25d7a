import Foundation
import PostgresTestSupport
import SOCModel
import SOCPortal
import SOCStore
import Testing

/// Runs the built `socreport` binary: the one beside the test bundle (`swift build` builds both into
/// the same folder), else `<package>/.build/debug/socreport`.
enum CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let binary: URL = {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        let candidates = [
            runner, runner.deletingLastPathComponent(), packageRoot.appendingPathComponent(".build/debug"),
        ]
        .map { $0.appendingPathComponent("socreport") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: Data? = nil, in folder: URL) throws -> Result {
        let process = try start(arguments, stdin: stdin, in: folder)
        process.process.waitUntilExit()
        return process.result()
    }

    /// A started process whose output goes to files (pipes could fill up and stall it).
    final class Running {
        let process = Process()
        let stdoutFile: URL
        let stderrFile: URL

        init(stdoutFile: URL, stderrFile: URL) {
            self.stdoutFile = stdoutFile
            self.stderrFile = stderrFile
        }

        func result() -> Result {
            Result(
                status: process.terminationStatus,
                stdout: (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "")
        }
    }

    static func start(_ arguments: [String], stdin: Data? = nil, in folder: URL, environment: [String: String] = [:])
        throws -> Running
    {
        let id = UUID().uuidString
        let running = Running(
            stdoutFile: folder.appendingPathComponent(".out-\(id)"),
            stderrFile: folder.appendingPathComponent(".err-\(id)"))
        let input = try stdin.map { data in
            let file = folder.appendingPathComponent(".in-\(id)")
            try data.write(to: file)
            return file
        }
        _ = try prepare(
            running.process, binary, arguments, in: folder, stdout: running.stdoutFile, stderr: running.stderrFile,
            stdin: input,
            environment: environment)
        try running.process.run()
        return running
    }

    /// Sets `process` up to run `executable` in `folder` (its working directory), with the environment
    /// minus SOCREPORT_DB and SOCREPORT_PORTAL, plus `extra`. Standard output and error go to the files given (created
    /// empty here); standard input comes from the file `stdin`, or is inherited when it is nil.
    /// Returns the handles opened, for the caller to close once the process has ended.
    static func prepare(
        _ process: Process, _ executable: URL, _ arguments: [String], in folder: URL,
        stdout: URL, stderr: URL, stdin: URL?, environment extra: [String: String] = [:]
    ) throws -> [FileHandle] {
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["SOCREPORT_DB"] = nil
        environment["SOCREPORT_PORTAL"] = nil
        environment.merge(extra) { $1 }
        process.environment = environment
        let out = try FileHandle(forWritingTo: stdout)
        let err = try FileHandle(forWritingTo: stderr)
        process.standardOutput = out
        process.standardError = err
        guard let stdin else { return [out, err] }
        let input = try FileHandle(forReadingFrom: stdin)
        process.standardInput = input
        return [out, err, input]
    }
}

/// A temporary working folder with a store and a portal in it, removed when the value goes away.
final class Workspace {
    let url: URL
    /// The store, as `--db` takes it: `store.sqlite` in the folder unless another kind is asked for.
    let db: String
    var portal: URL { url.appendingPathComponent("portal") }

    /// `label` names the store where it is not a file of the folder (a PostgreSQL database).
    init(store: TestStore = .sqlite, label: String = #function) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("socreport-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        db = try store.location(in: url, label: label)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Runs socreport with this folder as its working directory.
    func run(_ arguments: [String], stdin: Data? = nil) throws -> CLI.Result {
        try CLI.run(arguments, stdin: stdin, in: url)
    }

    func write(_ name: String, _ value: Any) throws -> String {
        let file = url.appendingPathComponent(name)
        try JSONSerialization.data(withJSONObject: value).write(to: file)
        return file.path
    }

    func writeLines(_ name: String, _ values: [Any]) throws -> String {
        let file = url.appendingPathComponent(name)
        let lines = try values.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// The workspace's store, opened in this process as the CLI opens it.
    func openStore() throws -> Store { try Store(location: db) }

    func manifest(_ tenant: String) throws -> Manifest {
        try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: portal.appendingPathComponent("\(tenant)/index.json")))
    }

    /// Every manifest entry names a file with its size and digest, every PDF and indicator file in the folder
    /// has an entry, and every report has its five indicator files.
    func expectConsistent(_ tenant: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = portal.appendingPathComponent(tenant)
        let manifest = try self.manifest(tenant)
        #expect(manifest.tenant.id == tenant, sourceLocation: sourceLocation)
        for entry in manifest.documents {
            let bytes = try Array(Data(contentsOf: folder.appendingPathComponent(entry.path)))
            #expect(
                bytes.count == entry.size && ContentDigest.sha256Hex(bytes) == entry.sha256, "\(tenant)/\(entry.path)",
                sourceLocation: sourceLocation)
        }
        let files = (FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? [])
        let suffixes = [".pdf", ".stix.json", ".iocs.csv", ".domains.txt", ".urls.txt", ".ips.txt"]
        #expect(
            Set(files.filter { file in suffixes.contains { file.hasSuffix($0) } })
                == Set(manifest.documents.map(\.path)), sourceLocation: sourceLocation)
        for report in manifest.documents where report.kind != .ioc {
            let files = manifest.documents.filter { $0.report == report.path }.map(\.path).sorted()
            #expect(
                files == suffixes.dropFirst().map { String(report.path.dropLast(4)) + $0 }.sorted(), "\(report.path)",
                sourceLocation: sourceLocation)
        }
        #expect(files.filter { $0.contains(AtomicFile.temporaryMarker) }.isEmpty, sourceLocation: sourceLocation)
    }
}

enum Fixtures {
    static func tenant(_ id: String, language: String = "ja", zone: String = "Asia/Tokyo") -> [String: Any] {
        [
            "id": id, "name": language == "ja" ? "テナント \(id) 株式会社" : "Tenant \(id) Inc.", "language": language,
            "timeZone": zone,
            "contacts": [
                ["name": "情報システム部 セキュリティ担当", "email": "soc@\(id).example"],
                ["name": "Phone only", "phone": "03-0000-0000"],
            ],
        ]
    }

    static func tenants(_ tenants: [[String: Any]]) -> [String: Any] {
        ["kind": "tenants", "schemaVersion": 1, "tenants": tenants]
    }

    static func incident(
        _ tenant: [String: Any], id: String, revision: Int = 1, determinedAt: String = "2026-03-10T10:00:00+09:00",
        severity: String = "serious", title: String = "フィッシングサイトへのアクセス"
    ) -> [String: Any] {
        [
            "kind": "incident", "schemaVersion": 1, "id": id, "revision": revision, "tenant": tenant, "title": title,
            "severity": severity, "threatType": "phishing", "detectedAt": determinedAt, "determinedAt": determinedAt,
            "analysis": [
                "summary": "端末 PC-1 が不審なサイトに接続しました。", "victims": [["host": "PC-1", "ip": "10.0.0.5"]],
                "occurredAt": determinedAt,
            ],
            "recommendations": ["actions": ["PC-1 を隔離してください。"], "blockDomains": ["evil.example"]],
            "attack": ["overview": "概要。", "stage": "delivery", "description": "説明。"],
        ]
    }

    static func metrics(_ tenantID: String, month: String, events: Int = 1200) -> [String: Any] {
        [
            "kind": "metrics", "schemaVersion": 1, "tenantId": tenantID, "month": month,
            "funnel": [
                "logsBySource": ["proxy": events * 1000, "firewall": events * 3000], "events": events,
                "escalated": events / 20,
            ],
        ]
    }
}
