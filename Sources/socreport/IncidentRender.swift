import ArgumentParser
import Foundation
import SOCEngine
import SOCModel
import SOCPortal
import SOCRender

struct IncidentRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "Render one incident document to a PDF.")

    @Argument(help: "The incident JSON document, or - for standard input.")
    var file: String

    @OptionGroup var output: RenderOutput

    func run() throws {
        try output.render(file, read: DocumentReader.readIncident) { try $0.renderIncident($1, language: $2) }
    }
}

/// The options every render command shares, and writing their results.
struct RenderOutput: ParsableArguments {
    @Option(name: .shortAndLong, help: "Where to write the PDF. It is replaced only by a complete new file.")
    var output: String

    @Option(help: "Report language (ja or en); default: the document's, then the tenant's.")
    var lang: Language?

    @Option(help: "Also write a PNG preview of every page into this folder (page-001.png, …).")
    var png: String?

    @Option(help: "Preview resolution in dots per inch.")
    var dpi: Double = 60

    /// Reads the document `file` names (- for standard input) with `read`, reporting an invalid one with its
    /// problems; checks the destination; then renders the document with `draw` and writes the results.
    func render<Document>(
        _ file: String, read: (Data, String) throws -> Document,
        draw: (ReportEngine, Document, Language?) throws -> RenderedReport
    ) throws {
        // The engine (templates, fonts) loads on another thread while the document is read: in a fresh process each
        // takes milliseconds and neither needs the other. An invalid document is still what is reported first.
        let loading = Background { try ReportEngine() }
        let document: Document
        do { document = try read(try Input.document(file), Input.name(file)) } catch let error as InvalidDocument {
            throw reportInvalid(error)
        }
        try checkDestination()
        let engine = try loading.value()
        try write(try draw(engine, document, lang), engine: engine)
    }

    /// Fails before any rendering when the PDF could not be written: its folder is missing or not writable,
    /// or the path names a folder; creates the preview folder.
    func checkDestination() throws {
        let url = URL(fileURLWithPath: output)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            throw CLIError("\(output): cannot write the PDF: it is a folder")
        }
        let folder = url.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
            throw CLIError("\(output): cannot write the PDF: the folder \(folder.path) does not exist")
        }
        guard isFolder.boolValue else {
            throw CLIError("\(output): cannot write the PDF: \(folder.path) is not a folder")
        }
        guard access(folder.path, W_OK | X_OK) == 0 else {
            throw CLIError("\(output): cannot write the PDF: \(String(cString: strerror(errno)))")
        }
        if let png {
            do {
                try FileManager.default.createDirectory(
                    at: URL(fileURLWithPath: png), withIntermediateDirectories: true)
            } catch {
                throw CLIError("\(png): cannot write the previews: \(systemReason(error))")
            }
        }
    }

    /// Writes the previews, then the PDF: the PDF last, so that a run failing on the previews leaves the
    /// existing file as it was.
    func write(_ report: RenderedReport, engine: ReportEngine) throws {
        if let png {
            let images = try engine.previews(report, dpi: dpi)
            let dir = URL(fileURLWithPath: png)
            do {
                for (i, image) in images.enumerated() {
                    try AtomicFile.write(image, to: dir.appendingPathComponent(Self.previewName(i + 1)))
                }
                try Self.removeStalePreviews(in: dir, keeping: images.count)
            } catch {
                throw CLIError("\(png): cannot write the previews: \(Self.reason(error))")
            }
        }
        do {
            try AtomicFile.write(report.pdf, to: URL(fileURLWithPath: output), permissions: 0o644)
        } catch {
            throw CLIError("\(output): cannot write the PDF: \(Self.reason(error))")
        }
        if report.replacedCharacters > 0 {
            printError("warning: \(report.replacedCharacters) character(s) no font can show were written as [U+XXXX]")
        }
        if report.unknownGlyphs > 0 {
            printError("warning: \(report.unknownGlyphs) glyph(s) missing from the fonts")
        }
        if let skipped = report.pdfUpdateSkipped {
            printError("warning: \(output): \(skipped)")
        }
        print("\(output): \(report.pages.count) pages, \(report.pdf.count) bytes")
    }

    static func previewName(_ page: Int) -> String { String(format: "page-%03d.png", page) }

    /// Removes the previews of pages past the last one, left by an earlier, longer report, so that the
    /// folder shows exactly this report's pages.
    private static func removeStalePreviews(in dir: URL, keeping count: Int) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            guard name.hasPrefix("page-"), name.hasSuffix(".png") else { continue }
            let digits = name.dropFirst(5).dropLast(4)
            guard digits.count >= 3, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
                let page = Int(digits), page > count, previewName(page) == name
            else { continue }
            try FileManager.default.removeItem(at: dir.appendingPathComponent(name))
        }
    }

    private static func reason(_ error: Error) -> String {
        if case FileError.system(_, let code) = error { return String(cString: strerror(code)) }
        return systemReason(error)
    }
}
