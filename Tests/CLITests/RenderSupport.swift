import Foundation
import Synchronization
import Testing

/// How a process ended, with everything it printed.
struct Outcome: Sendable, CustomStringConvertible {
    var status: Int32
    /// True when the process was killed by a signal (a crash: SIGSEGV, SIGILL from a Swift trap, SIGABRT…);
    /// `status` is then the signal number.
    var signalled: Bool
    var stdout: String
    var stderr: String

    var description: String {
        "\(signalled ? "signal" : "exit status") \(status)\nstdout: \(stdout)\nstderr: \(stderr)"
    }
}

/// Runs processes without blocking a thread while they run, so that independent cases overlap.
enum Exec {
    /// Runs the built `socreport` in `folder` (its working directory). `stdin` is a file given as standard input.
    /// `killAfter` sends SIGKILL to the process if it is still running by then.
    static func socreport(_ arguments: [String], stdin: URL? = nil, in folder: URL, killAfter: Duration? = nil)
        async throws -> Outcome
    {
        try await run(CLI.binary, arguments, stdin: stdin, in: folder, killAfter: killAfter)
    }

    /// Runs a tool found on the PATH (qpdf, pdfinfo, pdftotext, sh).
    static func tool(_ name: String, _ arguments: [String], in folder: URL) async throws -> Outcome {
        try await run(URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments, stdin: nil, in: folder)
    }

    static func run(_ executable: URL, _ arguments: [String], stdin: URL?, in folder: URL, killAfter: Duration? = nil)
        async throws -> Outcome
    {
        // Output goes to files, not pipes, which could fill up and stall the process; the files live in a
        // folder of their own, so that listings of `folder` show only what the process made.
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("socreport-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: logs) }
        let stdoutFile = logs.appendingPathComponent("stdout")
        let stderrFile = logs.appendingPathComponent("stderr")
        let process = Process()
        let handles = try CLI.prepare(
            process, executable, arguments, in: folder, stdout: stdoutFile, stderr: stderrFile,
            stdin: stdin ?? URL(fileURLWithPath: "/dev/null"))
        defer { for handle in handles { try? handle.close() } }
        let ended = Ended()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            process.terminationHandler = { _ in
                ended.set()
                continuation.resume()
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            if let killAfter {
                let pid = process.processIdentifier
                Task {
                    try? await Task.sleep(for: killAfter)
                    if !ended.isSet { kill(pid, SIGKILL) }
                }
            }
        }
        return Outcome(
            status: process.terminationStatus,
            signalled: process.terminationReason == .uncaughtSignal,
            stdout: (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "")
    }
}

/// Set once a process has ended, so that it is not sent a signal after its id may have been reused.
private final class Ended: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

/// The shared sample documents (`<package root>/../shared`), and edited copies of them.
enum Samples {
    static let shared = CLI.packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    static let incidentFile = shared.appendingPathComponent("samples/incidents/INC-202510-ACME-0001.json")
    static let monthlyFile = shared.appendingPathComponent("bench/inputs/monthly.json")

    /// The sample incident as a mutable JSON object.
    static func incident() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: incidentFile)) as! [String: Any]
    }

    /// The sample incident with `edits` applied: each sets the value at a path (keys and indexes), or
    /// removes it when the value is nil.
    static func incident(_ edits: [([JSONStep], Any?)]) throws -> Data {
        var document: Any = try incident()
        for (path, value) in edits { document = edited(document, at: path[...], to: value) }
        return try json(document)
    }

    /// The sample incident with a summary of 30 MiB of "A": well-formed, and over the 16 MiB limit.
    static func thirtyMegabytes() throws -> Data {
        var bytes = try incident([(["analysis", "summary"], "@@SUMMARY@@")])
        let offset = bytes.offset(of: "@@SUMMARY@@")!
        bytes.replaceSubrange(offset..<offset + 11, with: Data(repeating: UInt8(ascii: "A"), count: 30 * 1024 * 1024))
        return bytes
    }

    /// Compact JSON with sorted keys, so that problems come in a stable order.
    static func json(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    private static func edited(_ value: Any, at path: ArraySlice<JSONStep>, to new: Any?) -> Any {
        guard let step = path.first else { return new as Any }
        switch step {
        case .key(let key):
            var object = value as! [String: Any]
            if path.count == 1, new == nil {
                object[key] = nil
            } else {
                object[key] = edited(object[key] as Any, at: path.dropFirst(), to: new)
            }
            return object
        case .index(let index):
            var array = value as! [Any]
            if path.count == 1, new == nil {
                array.remove(at: index)
            } else {
                array[index] = edited(array[index], at: path.dropFirst(), to: new)
            }
            return array
        }
    }
}

/// One step of a path into a JSON value: `["attack", "logs", 1, "dstPort"]`.
enum JSONStep: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case key(String)
    case index(Int)
    init(stringLiteral value: String) { self = .key(value) }
    init(integerLiteral value: Int) { self = .index(value) }
}

/// A folder holding the target of a render, to check that failed runs leave it exactly as it was.
struct OutputFolder {
    let url: URL
    /// The target, already there with `previous` in it.
    var pdf: URL { url.appendingPathComponent("report.pdf") }
    static let previous = Data("%PDF-1.7\n% the report of an earlier run, which a failed run must leave alone\n".utf8)

    init(in work: Workspace, name: String = "out") throws {
        url = work.url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Self.previous.write(to: pdf)
    }

    /// The earlier report is byte-identical and nothing else (no temporary file) is in the folder.
    func expectUntouched(_ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try Data(contentsOf: pdf) == Self.previous, comment, sourceLocation: sourceLocation)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: url.path) == ["report.pdf"], comment,
            sourceLocation: sourceLocation)
    }
}

/// What the tools say about a PDF.
enum PDFCheck {
    /// `qpdf --check` accepts the file (exit 0; 3 would mean warnings).
    static func expectValid(_ pdf: URL, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let check = try await Exec.tool("qpdf", ["--check", pdf.path], in: pdf.deletingLastPathComponent())
        #expect(
            check.status == 0 && !check.signalled, "qpdf --check \(pdf.lastPathComponent): \(check)",
            sourceLocation: sourceLocation)
    }

    /// The page count `pdfinfo` reads.
    static func pages(_ pdf: URL, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int {
        let info = try await Exec.tool("pdfinfo", [pdf.path], in: pdf.deletingLastPathComponent())
        let line = info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }
        let pages = line.flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) }
        #expect(pages != nil, "pdfinfo \(pdf.lastPathComponent): \(info)", sourceLocation: sourceLocation)
        return pages ?? -1
    }

    /// The text `pdftotext` extracts (in reading order, pages separated by form feeds).
    static func text(_ pdf: URL, firstPage: Int? = nil, lastPage: Int? = nil) async throws -> String {
        let range = (firstPage.map { ["-f", "\($0)"] } ?? []) + (lastPage.map { ["-l", "\($0)"] } ?? [])
        return try await Exec.tool("pdftotext", range + [pdf.path, "-"], in: pdf.deletingLastPathComponent()).stdout
    }
}

extension Data {
    /// The offset of the first occurrence of `needle`.
    func offset(of needle: String) -> Int? {
        range(of: Data(needle.utf8)).map { $0.lowerBound - startIndex }
    }
}
