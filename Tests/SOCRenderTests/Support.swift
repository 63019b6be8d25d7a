import Foundation
import SOCEngine
import SOCModel
import SOCRender

/// The package root and the shared samples beside it (CI lays `shared/` next to the clone).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let samples = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/samples")

/// The JSON files of a samples folder. When there are none (`../shared` missing), the folder itself is
/// the one argument, so that a test over the samples fails reading it instead of running no case.
func sampleFiles(_ folder: String) -> [String] {
    let dir = samples.appendingPathComponent(folder)
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter {
        $0.hasSuffix(".json")
    }.sorted()
        .map { dir.appendingPathComponent($0).path }
    return files.isEmpty ? [dir.path] : files
}

func makeEngine() throws -> ReportEngine { try ReportEngine(home: .init(root: packageRoot)) }

/// A sample incident as a mutable JSON object, for building variants that still go through validation.
func sampleObject(_ name: String = "INC-202510-ACME-0001") throws -> [String: Any] {
    let data = try Data(contentsOf: samples.appendingPathComponent("incidents/\(name).json"))
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
}

func incident(from object: [String: Any]) throws -> Incident {
    try DocumentReader.readIncident(try JSONSerialization.data(withJSONObject: object), source: "test")
}

/// A valid but hostile incident: a 20,000-character paragraph, emoji, control, right-to-left and
/// bidirectional-override characters, a 3,000-character URL.
func hostileIncident() throws -> [String: Any] {
    var object = try sampleObject()
    var analysis = object["analysis"] as! [String: Any]
    analysis["summary"] = String(repeating: "攻撃者は正規のサービスを装った通信を繰り返した。", count: 800).prefix(20_000).description
    analysis["attackKeywords"] = [
        "😀 emoji", "עברית RTL", "bell\u{07}tab\tnul\u{01}", "zero\u{200B}width", "\u{202E}evil.exe",
    ]
    object["analysis"] = analysis
    var recommendations = object["recommendations"] as! [String: Any]
    recommendations["blockUrls"] = ["https://evil.example/" + String(repeating: "A1b2C3d4", count: 375)]
    // Invisible characters inside indicators: what is shown must be the value to block.
    recommendations["blockDomains"] = [
        "evil\u{200B}.example", "login-\u{200D}bank.example", "pay\u{E0041}\u{E007F}.example",
    ]
    recommendations["blockSignatures"] = [["name": "ET TROJAN\u{200E} Beacon\u{200F}", "id": "2\u{2060}0001"]]
    object["recommendations"] = recommendations
    return object
}

/// Writes `bytes` to a fresh temporary file and returns its path.
func temporaryPDF(_ bytes: [UInt8]) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("socreport-\(UUID().uuidString).pdf")
    try Data(bytes).write(to: url)
    return url.path
}

/// Runs a tool (poppler, qpdf) and returns its standard output; fails the caller on a non-zero exit.
@discardableResult
func run(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw ToolError(
            command: arguments.joined(separator: " "), output: String(decoding: errors + data, as: UTF8.self))
    }
    return String(decoding: data, as: UTF8.self)
}

struct ToolError: Error, CustomStringConvertible {
    var command: String
    var output: String
    var description: String { "\(command) failed: \(output.prefix(2000))" }
}

/// pdftotext's text in content-stream order (`-raw`: its reading-order analysis drops lines of very
/// dense pages) with all white space removed, so that line breaks do not hide a match.
func squashedText(_ pdf: String) throws -> String {
    try run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"]).filter { !$0.isWhitespace }
}

func squash(_ s: String) -> String { s.filter { !$0.isWhitespace } }

/// pdffonts rows as (name, embedded).
func fonts(_ pdf: String) throws -> [(name: String, embedded: Bool)] {
    try run(["pdffonts", pdf]).split(separator: "\n").dropFirst(2).map { line in
        let columns = line.split(separator: " ", omittingEmptySubsequences: true)
        return (String(columns[0]), columns[columns.count - 5] == "yes")
    }
}

/// The document catalog as qpdf prints it (the latest version, after any incremental update).
func catalog(_ pdf: String) throws -> String {
    let trailer = try run(["qpdf", "--show-object=trailer", pdf])
    guard let root = trailer.firstMatch(of: /\/Root (\d+) 0 R/)?.1 else { return "" }
    return try run(["qpdf", "--show-object=\(root)", pdf])
}
