import Foundation
import Testing

/// Every module a target's sources import is one the target declares in Package.swift (a module only
/// reachable through another dependency builds by accident, and breaks when that one changes), or the
/// toolchain's; and every dependency a target declares is imported by one of its sources, so the table of
/// parts in the README (which module sits on which) is what the code does. Products are imported by their
/// own names, as every product this package uses is.
@Suite struct ImportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        .standardized
    static let toolchain: Set<String> = [
        "Foundation", "Glibc", "Musl", "Darwin", "Dispatch", "Synchronization", "Testing", "XCTest",
    ]

    @Test func everyImportIsADeclaredDependency() throws {
        var problems: [String] = []
        let targets = try Self.targets()
        #expect(targets.count > 20)
        for target in targets {
            let folder = Self.root.appendingPathComponent(
                target.path ?? "\(target.type == "test" ? "Tests" : "Sources")/\(target.name)")
            for (file, module) in try Self.imports(in: folder)
            where !target.dependencies.contains(module) && !Self.toolchain.contains(module) && module != target.name {
                problems.append("\(file): \(target.name) imports \(module), which Package.swift does not declare")
            }
        }
        #expect(problems.isEmpty, "\n\(problems.sorted().joined(separator: "\n"))")
    }

    @Test func everyDeclaredDependencyIsImported() throws {
        var problems: [String] = []
        let targets = try Self.targets()
        #expect(targets.count > 20)
        for target in targets {
            let folder = Self.root.appendingPathComponent(
                target.path ?? "\(target.type == "test" ? "Tests" : "Sources")/\(target.name)")
            let imported = Set(try Self.imports(in: folder).map(\.module))
            for dependency in target.dependencies.subtracting(imported) {
                problems.append(
                    "\(target.name) declares \(dependency) in Package.swift, but none of its sources imports it")
            }
        }
        #expect(problems.isEmpty, "\n\(problems.sorted().joined(separator: "\n"))")
    }

    struct Target {
        var name: String
        var type: String
        var path: String?
        var dependencies: Set<String>
    }

    /// The package's targets as SwiftPM reads Package.swift (`swift package dump-package`, with a scratch
    /// folder of its own so that it never waits for the build's lock).
    static func targets() throws -> [Target] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "package-tests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "swift", "package", "--package-path", root.path, "--scratch-path", scratch.path, "dump-package",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let json = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PackageError("swift package dump-package failed with status \(process.terminationStatus)")
        }
        let package = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        return try #require(package["targets"] as? [[String: Any]]).map { target in
            // Each dependency is {"byName"|"target"|"product": [name, …]}.
            let dependencies = (target["dependencies"] as? [[String: [Any]]] ?? []).compactMap {
                $0.values.first?.first as? String
            }
            return Target(
                name: target["name"] as? String ?? "", type: target["type"] as? String ?? "",
                path: target["path"] as? String, dependencies: Set(dependencies))
        }
    }

    /// Each Swift file's imported modules: `import M`, `@testable import M`, `import struct M.Type`, `public import M`…
    static func imports(in folder: URL) throws -> [(file: String, module: String)] {
        let pattern = try Regex(
            #"^\s*(?:@\w+\s+)*(?:(?:public|package|internal|private|fileprivate)\s+)?import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?(\w+)"#
        )
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        var found: [(String, String)] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            let relative = String(url.path.dropFirst(root.path.count + 1))
            // Lines inside a multi-line string literal (a Python script a test runs) are not Swift.
            var inString = false
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                if !inString, let match = try pattern.firstMatch(in: line), let module = match.output[1].substring {
                    found.append((relative, String(module)))
                }
                if line.ranges(of: #"""""#).count % 2 == 1 { inString.toggle() }
            }
        }
        return found
    }
}

struct PackageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
