import ArgumentParser
import Foundation
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
        let data = try Input.read(file)
        let incident: Incident
        do { incident = try DocumentReader.readIncident(data, source: Input.name(file)) } catch let error as InvalidDocument {
            throw reportInvalid(error)
        }
        let engine = try ReportEngine()
        let report = try engine.renderIncident(incident, language: output.lang)
        try output.write(report, engine: engine)
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

    func write(_ report: RenderedReport, engine: ReportEngine) throws {
        let url = URL(fileURLWithPath: output)
        try AtomicFile.write(report.pdf, to: url, permissions: 0o644)
        if let png {
            let dir = URL(fileURLWithPath: png)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for (i, image) in try engine.previews(report, dpi: dpi).enumerated() {
                try AtomicFile.write(image, to: dir.appendingPathComponent(String(format: "page-%03d.png", i + 1)))
            }
        }
        if report.replacedCharacters > 0 {
            printError("warning: \(report.replacedCharacters) character(s) no font can show were written as [U+XXXX]")
        }
        if report.unknownGlyphs > 0 {
            printError("warning: \(report.unknownGlyphs) glyph(s) missing from the fonts")
        }
        print("\(output): \(report.pages.count) pages, \(report.pdf.count) bytes")
    }
}

extension Language: ExpressibleByArgument {}
