import Foundation
import Testing

/// The Kubernetes manifests in deploy/k8s, checked as CI would before applying them: no cluster needed.
@Suite struct ManifestTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "check_manifests.py")

    static var manifests: [URL] {
        let folder = root.appendingPathComponent("deploy/k8s")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0) }
    }

    func check(_ files: [URL]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.checker.path] + files.map(\.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func theManifestsAreValidAndAgree() throws {
        #expect(Self.manifests.count >= 4, "deploy/k8s holds the server, the batch, the volume and the settings")
        let result = try check(Self.manifests)
        #expect(result.status == 0, "\(result.output)")
    }

    /// The checker fails on what it should catch: a schema error, and shards that do not match.
    @Test func brokenManifestsAreCaught() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("socreport-k8s-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for manifest in Self.manifests {
            var text = try String(contentsOf: manifest, encoding: .utf8)
            text = text.replacingOccurrences(of: "completions: 4", with: "completions: 3")
            text = text.replacingOccurrences(of: "replicas: 3", with: "replicas: three")
            try text.write(
                to: folder.appendingPathComponent(manifest.lastPathComponent), atomically: true, encoding: .utf8)
        }
        let result = try check(Self.manifests.map { folder.appendingPathComponent($0.lastPathComponent) })
        #expect(result.status == 1)
        #expect(result.output.contains("completions 3 differ from SOCREPORT_SHARDS 4"), "\(result.output)")
        #expect(result.output.contains("replicas"), "\(result.output)")
    }
}
