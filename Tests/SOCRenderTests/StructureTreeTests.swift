import Foundation
import SOCEngine
import SOCModel
import SOCReports
import Testing

@testable import SOCRender

/// The structure tree a screen reader follows, read by poppler (`pdfinfo -struct`) and walked by
/// `scripts/pdf-structure.py` (pikepdf for the tree, pdfminer for the text of each marked content).
@Suite struct StructureTreeTests {
    /// Every sample incident and monthly report: poppler reads the tree without a warning, and the tree
    /// has exactly one root, `Document`.
    @Test func popplerReadsEverySampleWithoutWarnings() throws {
        let files = sampleFiles("incidents") + sampleFiles("bundles")
        #expect(files.count > 100, "the samples in ../shared/samples are missing")
        let engine = try makeEngine()
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let report =
                file.contains("/bundles/")
                ? try engine.renderMonthly(try DocumentReader.readMonthly(data, source: file))
                : try engine.renderIncident(try DocumentReader.readIncident(data, source: file))
            #expect(report.pdfUpdateSkipped == nil)
            try expectCleanTree(report.pdf, file)
        }
    }

    @Test func hostileInputsKeepACleanTree() throws {
        let report = try makeEngine().renderIncident(try incident(from: try hostileIncident()))
        try expectCleanTree(report.pdf, "hostile incident")
        let result = try walk([report.pdf])[0]
        #expect(result.problems.isEmpty, "\(result.problems.prefix(10))")
        #expect(squash(result.treeText) == squash(result.contentText))
    }

    /// The walker's rules on monthly reports and incidents in both languages: lists, tables, figures,
    /// artifacts, and the tree's text in the order of the page's content.
    @Test(arguments: [Language.ja, .en])
    func treeFollowsTheRules(language: Language) throws {
        let engine = try makeEngine()
        let bundles = sampleFiles("bundles").filter { $0.contains("2026-03") }
        let incidents = ["INC-202603-ACME-0001", "INC-202603-HANA-0002", "INC-202608-GLOB-0001"]
        #expect(bundles.count == 3, "the samples in ../shared/samples are missing")
        var reports: [RenderedReport] = []
        for file in bundles {
            reports.append(
                try engine.renderMonthly(
                    try DocumentReader.readMonthly(try Data(contentsOf: URL(fileURLWithPath: file)), source: file),
                    language: language))
        }
        for name in incidents {
            reports.append(try engine.renderIncident(try incident(from: try sampleObject(name)), language: language))
        }
        let wording = engine.wordings[language]!
        for (report, result) in zip(reports, try walk(reports.map(\.pdf))) {
            #expect(result.problems.isEmpty, "\(result.problems.prefix(10))")
            #expect(!result.treeText.isEmpty)
            // Reading the tree gives the page's text in the order it is drawn, less the artifacts.
            #expect(squash(result.treeText) == squash(result.contentText))
            #expect(!result.figures.isEmpty && result.figures.allSatisfy { !$0.isEmpty })
            // Headers and footers are pagination artifacts, read nowhere in the tree.
            let pageLabel = wording.format("footer.page", ["n": report.pages.count, "count": report.pages.count])
            // One artifact piece per font run: "4 / 4" and "ページ" are drawn apart.
            #expect(
                squash(result.artifacts["Footer", default: []].joined()).contains(squash(pageLabel)),
                "\(result.artifacts.keys)")
            #expect(!squash(result.treeText).contains(squash(pageLabel)))
            #expect(result.artifacts["Header", default: []].contains { $0.contains("TLP:") })
            #expect(result.outline.contains { $0.contains("TH Scope=Column") })
        }
    }

    /// The figures say, in the report's language, what they draw: this month's counts.
    @Test func figuresAreDescribedFromTheData() throws {
        let engine = try makeEngine()
        let object = try bundleObject("acme-motor-2026-03")
        let bundle = try monthly(from: object)
        let report = try engine.renderMonthly(bundle)
        let result = try walk([report.pdf])[0]
        let funnel = object["funnel"] as! [String: Any]
        let funnelAlt = result.figures.first { $0.contains("ファネル") } ?? ""
        let logs = (funnel["logsBySource"] as! [String: Int]).values.reduce(0, +)
        for count in [logs, funnel["events"] as! Int, funnel["escalated"] as! Int, bundle.incidents.count] {
            #expect(funnelAlt.contains(grouped(count)), "\(count) in \(funnelAlt)")
        }
        let byType = Dictionary(grouping: bundle.incidents, by: \.threatType).mapValues(\.count)
        let typeAlt = result.figures.first { $0.contains("脅威種別") } ?? ""
        for (type, count) in byType {
            #expect(typeAlt.contains("\(engine.wordings[.ja]!.threatType(type)) \(count) 件"), "\(typeAlt)")
        }
        // Notified after 5, 5, 14, 16, 12, 16, 16 and 22 minutes.
        let notificationAlt = result.figures.first { $0.contains("判定から通知までの時間") } ?? ""
        #expect(notificationAlt.contains("5分以内 2 件、10分以内 0 件、15分以内 2 件、30分以内 4 件、"), "\(notificationAlt)")
        #expect(result.figures.count == 6, "\(result.figures)")

        let incident = try incident(from: try sampleObject())
        let english = try walk([try engine.renderIncident(incident, language: .en).pdf])[0]
        let stageAlt = english.figures.first ?? ""
        #expect(
            stageAlt.contains(
                "stage \(incident.attack.stage.ordinal + 1), \(engine.wordings[.en]!.stage(incident.attack.stage))"),
            "\(stageAlt)")
        #expect(english.outline.contains { $0.contains("Span ActualText='Sharing: TLP") })
    }

    /// A table over many pages is one `Table` with one `THead`; the header rows repeated on later pages
    /// are artifacts. Lists are one `L` each.
    @Test func aLongTableStaysOneTable() throws {
        var object = try sampleObject()
        var attack = object["attack"] as! [String: Any]
        let logs = attack["logs"] as! [[String: Any]]
        attack["logs"] = (0..<300).map { i in logs[i % logs.count].merging(["srcPort": 20_000 + i]) { $1 } }
        object["attack"] = attack
        let engine = try makeEngine()
        let short = try walk([try engine.renderIncident(try incident(from: try sampleObject())).pdf])[0]
        let long = try engine.renderIncident(try incident(from: object))
        let result = try walk([long.pdf])[0]
        #expect(long.pages.count > 6)
        #expect(result.problems.isEmpty, "\(result.problems.prefix(10))")
        func count(_ role: String, in outline: [String]) -> Int {
            outline.filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix(role) }.count
        }
        #expect(count("Table", in: result.outline) == count("Table", in: short.outline))
        #expect(count("THead", in: result.outline) == count("THead", in: short.outline))
        #expect(count("L:", in: result.outline) == count("L:", in: short.outline))
        #expect(result.artifacts["Pagination", default: []].count >= long.pages.count - 3, "the repeated header rows")
        #expect(squash(result.treeText) == squash(result.contentText))
    }

    @Test func sameInputSameBytes() throws {
        let engine = try makeEngine()
        let incident = try incident(from: try sampleObject())
        #expect(try engine.renderIncident(incident).pdf == engine.renderIncident(incident).pdf)
    }

    /// Output not in the shape of Cairo 1.16 (here: not Cairo's at all) is left as it is, and the render
    /// result says so; a normal render has everything added.
    @Test func anUnexpectedShapeIsReported() throws {
        let notCairo = Array("%PDF-1.5\nnot a cairo file\n%%EOF\n".utf8)
        let output = PDFWriter.finished(notCairo, catalog: [("/Lang", "(en)")], structure: StructureTree())
        #expect(output.bytes == notCairo)
        #expect(output.updateSkipped?.contains("/Lang") == true, "\(output.updateSkipped ?? "")")
        let report = try makeEngine().renderIncident(try incident(from: try sampleObject()))
        #expect(report.pdfUpdateSkipped == nil)
        // The update applied twice: the second sees a file whose last section is not Cairo's table.
        let again = PDFWriter.finished(report.pdf, catalog: [("/Lang", "(en)")], structure: nil)
        #expect(again.bytes == report.pdf)
        #expect(again.updateSkipped != nil)
    }
}

/// pdfinfo -struct prints the tree from one `Document` root and writes nothing to standard error;
/// qpdf finds the file sound.
func expectCleanTree(_ pdf: [UInt8], _ name: String) throws {
    let path = try temporaryPDF(pdf)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (out, errors) = try runCapturingErrors(["pdfinfo", "-struct", path])
    #expect(errors.isEmpty, "\(name): \(errors.prefix(500))")
    let roots = out.split(separator: "\n").filter { !$0.hasPrefix(" ") }
    #expect(roots == ["Document"], "\(name): \(roots.prefix(5))")
    try run(["qpdf", "--check", path])
}

/// What `scripts/pdf-structure.py --json` reports for one PDF.
struct TreeWalk: Decodable {
    var problems: [String]
    var treeText: String
    var contentText: String
    var artifacts: [String: [String]]
    var figures: [String]
    var outline: [String]
}

/// Walks the PDFs' trees with Debian's python3 (python3-pikepdf, python3-pdfminer).
func walk(_ pdfs: [[UInt8]]) throws -> [TreeWalk] {
    let paths = try pdfs.map(temporaryPDF)
    defer { for path in paths { try? FileManager.default.removeItem(atPath: path) } }
    let script = packageRoot.appendingPathComponent("scripts/pdf-structure.py").path
    // Exit status 1 means problems, which the caller asserts on; anything else is a failure to run.
    let (out, errors, status) = try runAny(["/usr/bin/python3", script, "--json"] + paths)
    guard status == 0 || status == 1 else { throw ToolError(command: script, output: errors) }
    let results = try out.split(separator: "\n").map { try JSONDecoder().decode(TreeWalk.self, from: Data($0.utf8)) }
    guard results.count == pdfs.count else { throw ToolError(command: script, output: errors) }
    return results
}

func runCapturingErrors(_ arguments: [String]) throws -> (String, String) {
    let (out, errors, status) = try runAny(arguments)
    guard status == 0 else { throw ToolError(command: arguments.joined(separator: " "), output: errors + out) }
    return (out, errors)
}

func runAny(_ arguments: [String]) throws -> (String, String, Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    // Standard error into a file, so that neither pipe can fill up while the other is read.
    let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("socreport-\(UUID().uuidString).err")
    FileManager.default.createFile(atPath: errorFile.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errorFile) }
    let out = Pipe()
    process.standardOutput = out
    process.standardError = try FileHandle(forWritingTo: errorFile)
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let errors = (try? Data(contentsOf: errorFile)) ?? Data()
    return (String(decoding: data, as: UTF8.self), String(decoding: errors, as: UTF8.self), process.terminationStatus)
}
