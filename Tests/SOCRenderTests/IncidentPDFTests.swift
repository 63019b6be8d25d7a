import Foundation
import SOCEngine
import SOCIndicators
import SOCModel
import SOCReports
import Testing

@testable import SOCRender

@Suite struct IncidentPDFTests {
    @Test(arguments: sampleFiles("incidents"))
    func everySampleRendersWithIdTitleAndDefangedIndicators(_ file: String) throws {
        let incident = try DocumentReader.readIncident(try Data(contentsOf: URL(fileURLWithPath: file)), source: file)
        let engine = try makeEngine()
        let report = try engine.renderIncident(incident)
        let pdf = try temporaryPDF(report.pdf)
        defer { try? FileManager.default.removeItem(atPath: pdf) }
        let text = try squashedText(pdf)
        #expect(text.contains(incident.id))
        #expect(text.contains(squash(incident.title)))
        for domain in incident.recommendations.blockDomains {
            #expect(text.contains(squash(Defang.host(domain))), "\(domain) defanged")
            #expect(!text.contains(domain + "/") && !text.hasSuffix(domain), "\(domain) never raw")
        }
        for url in incident.recommendations.blockUrls {
            #expect(text.contains(squash(Defang.url(url))))
        }
        let wording = try #require(engine.wordings[incident.reportLanguage])
        let n = report.pages.count
        #expect(
            text.contains(squash(wording.format("footer.page", ["n": 1, "count": n])))
                && text.contains(squash(wording.format("footer.page", ["n": n, "count": n]))))
        #expect(report.unknownGlyphs == 0)
        try run(["qpdf", "--check", pdf])
        let pages = try run(["pdfinfo", pdf]).split(separator: "\n").first { $0.hasPrefix("Pages:") }
        #expect(pages.map { squash(String($0)) } == "Pages:\(report.pages.count)")
    }

    /// Without ../shared the sample tests get one case, the missing folder, which fails to read:
    /// they must not pass by running none.
    @Test func missingSamplesAreOneFailingCaseNotNone() {
        let missing = samples.appendingPathComponent("no-such-folder").path
        #expect(sampleFiles("no-such-folder") == [missing])
        #expect(throws: (any Error).self) { try Data(contentsOf: URL(fileURLWithPath: missing)) }
    }

    @Test func japaneseReportEmbedsJapaneseFontsAndText() throws {
        let incident = try incident(from: try sampleObject())
        let report = try makeEngine().renderIncident(incident)
        let pdf = try temporaryPDF(report.pdf)
        defer { try? FileManager.default.removeItem(atPath: pdf) }
        let text = try squashedText(pdf)
        for label in ["インシデント報告書", "アナリスト分析", "推奨対策", "攻撃の詳細", "情報漏えいの痕跡:あり", "第1報"] {
            #expect(text.contains(label), "\(label)")
        }
        let list = try fonts(pdf)
        #expect(list.contains { $0.name.contains("BIZUDPGothic") })
        #expect(list.allSatisfy { $0.embedded }, "every font embedded: \(list)")
        #expect(list.allSatisfy { $0.name.contains("+") }, "every font subset")
        #expect(!text.contains("⟦"), "no missing label")
        // Log fields outside the six columns ride along in their cells.
        #expect(text.contains("user=sato") && text.contains("[malware]") && text.contains("udp"))
    }

    @Test func englishFollowUpReportSaysSoWithItsNote() throws {
        var object = try sampleObject()
        object["revision"] = 2
        object["revisionNote"] = "Two more hosts were found talking to the C2 server."
        let report = try makeEngine().renderIncident(try incident(from: object), language: .en)
        let pdf = try temporaryPDF(report.pdf)
        defer { try? FileManager.default.removeItem(atPath: pdf) }
        let text = try squashedText(pdf)
        for label in [
            "IncidentReport", "2ndreport", "Analystanalysis", "Recommendedcountermeasures", "Attackdetails",
            "Changessincethepreviousreport", "TwomorehostswerefoundtalkingtotheC2server.",
        ] {
            #expect(text.contains(label), "\(label)")
        }
    }

    @Test func sameInputGivesIdenticalBytes() throws {
        let incident = try incident(from: try sampleObject())
        let first = try makeEngine().renderIncident(incident).pdf
        let second = try makeEngine().renderIncident(incident).pdf
        #expect(first == second)
    }

    @Test func metadataAndOutlineComeFromTheRecord() throws {
        let incident = try incident(from: try sampleObject())
        let report = try makeEngine().renderIncident(incident)
        let pdf = try temporaryPDF(report.pdf)
        defer { try? FileManager.default.removeItem(atPath: pdf) }
        let info = try run(["pdfinfo", "-isodates", pdf])
        #expect(info.contains(incident.title))
        #expect(info.contains("Kato, Saito"))
        // determinedAt 2025-10-05T13:08:39+09:00
        #expect(info.contains("2025-10-05T13:08:39+09") || info.contains("2025-10-05T04:08:39Z"), "\(info)")
        let outline = try run(["qpdf", "--json", "--json-key=outlines", pdf])
        for section in ["アナリスト分析", "推奨対策", "攻撃の詳細", "関連ログ"] {
            #expect(outline.contains(section), "bookmark \(section)")
        }
        #expect(info.contains("Tagged:          yes"), "\(info)")
        let catalog = try catalog(pdf)
        for entry in ["/Lang (ja)", "/MarkInfo << /Marked true >>", "/DisplayDocTitle true", "/PageMode /UseOutlines"] {
            #expect(catalog.contains(entry), "\(entry) in \(catalog)")
        }
    }

    @Test func indicatorsInTheAnalystsProseAreDefangedToo() throws {
        var object = try sampleObject()
        let domain = try #require((object["recommendations"] as! [String: Any])["blockDomains"] as? [String]).first!
        var analysis = object["analysis"] as! [String: Any]
        analysis["summary"] = "端末が \(domain) へ通信し、https://unlisted.test/payload.bin を取得した。"
        analysis["attackKeywords"] = [domain]
        object["analysis"] = analysis
        let report = try makeEngine().renderIncident(try incident(from: object))
        let pdf = try temporaryPDF(report.pdf)
        defer { try? FileManager.default.removeItem(atPath: pdf) }
        let text = try squashedText(pdf)
        #expect(!text.contains(domain))
        #expect(!text.contains("https://unlisted.test"))
        #expect(text.contains("hxxps://unlisted[.]test/payload[.]bin"))
        #expect(text.components(separatedBy: Defang.host(domain)).count - 1 >= 3, "summary, keyword and block list")
    }

    @Test func everyOneOfFiveThousandLogRowsAppears() throws {
        var object = try sampleObject()
        var attack = object["attack"] as! [String: Any]
        let template = (attack["logs"] as! [[String: Any]])[0]
        attack["logs"] = (1...5000).map { i -> [String: Any] in
            var row = template
            row["signature"] = "SIG-\(String(format: "%05d", i))"
            return row
        }
        object["attack"] = attack
        let report = try makeEngine().renderIncident(try incident(from: object))
        let pdf = try temporaryPDF(report.pdf)
        defer { try? FileManager.default.removeItem(atPath: pdf) }
        let text = try squashedText(pdf)
        let missing = (1...5000).filter { !text.contains("SIG-\(String(format: "%05d", $0))") }
        #expect(missing.isEmpty, "missing rows: \(missing.prefix(10))")
        #expect(report.pages.count > 60)
    }

    @Test func hostileButValidContentRenders() throws {
        let report = try makeEngine().renderIncident(try incident(from: try hostileIncident()))
        let pdf = try temporaryPDF(report.pdf)
        defer { try? FileManager.default.removeItem(atPath: pdf) }
        let text = try squashedText(pdf)
        #expect(text.contains("😀emoji"), "DejaVu Sans has a glyph for the emoji: drawn, not boxed")
        #expect(text.contains("bell[U+0007]tabnul[U+0001]"), "control characters are shown by their code point")
        #expect(text.contains("[U+202E]evil.exe"), "a bidi override is made visible, not applied")
        #expect(
            text.contains("zerowidth") && !text.contains("zero[U+200B]width"),
            "in prose, a zero-width space stays invisible")
        for shown in [
            "evil[U+200B][.]example", "login-[U+200D]bank[.]example", "pay[U+E0041][U+E007F][.]example",
            "ETTROJAN[U+200E]Beacon[U+200F]", "2[U+2060]0001",
        ] {
            #expect(text.contains(shown), "an invisible character in an indicator is shown: \(shown)")
        }
        // The URL runs across a page break: read only the page bodies, without list bullets.
        let body = try run([
            "pdftotext", "-raw", "-enc", "UTF-8", "-x", "0", "-y", "50", "-W", "596", "-H", "750", pdf, "-",
        ])
        .filter { !$0.isWhitespace && $0 != "•" }
        #expect(
            body.contains("hxxps://evil[.]example/" + String(repeating: "A1b2C3d4", count: 375)),
            "the 3,000-character URL is all there")
        #expect(report.unknownGlyphs == 0)
        #expect(report.replacedCharacters == 3 + 7, "the indicators' invisible characters are counted")
        #expect(report.pages.count > 3)
        try run(["qpdf", "--check", pdf])
    }

    @Test func replacementsAreCountedForEveryDocumentOfAnEngine() throws {
        var object = try sampleObject()
        var analysis = object["analysis"] as! [String: Any]
        analysis["attackKeywords"] = ["bell\u{07}", "\u{202E}exe"] // short texts: their layouts are cached
        object["analysis"] = analysis
        let engine = try makeEngine()
        let first = try engine.renderIncident(try incident(from: object))
        let second = try engine.renderIncident(try incident(from: object))
        #expect(first.replacedCharacters == 2)
        #expect(second.replacedCharacters == 2)
    }

    @Test func japaneseLinesNeverStartWithClosingMarks() throws {
        var object = try sampleObject()
        var analysis = object["analysis"] as! [String: Any]
        // Sentences of every length from 1 to 60 characters put a 、 or 。 at every position of a line.
        analysis["summary"] = (1...60).map { String(repeating: "あ", count: $0) + ($0 % 2 == 0 ? "。" : "、") + "「い」ー" }
            .joined()
        object["analysis"] = analysis
        let report = try makeEngine().renderIncident(try incident(from: object))
        let pdf = try temporaryPDF(report.pdf)
        defer { try? FileManager.default.removeItem(atPath: pdf) }
        let lines = try run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", "1", "-l", "2", pdf, "-"]).split(
            separator: "\n")
        let bad = lines.filter { line in line.first.map { "、。」）ー".contains($0) } ?? false }
        #expect(bad.isEmpty, "lines starting with closing marks: \(bad.prefix(3))")
        let endsOpen = lines.filter { $0.last == "「" }
        #expect(endsOpen.isEmpty)
    }

    @Test func aMissingFontIsAnErrorNamingItsPackage() {
        #expect(throws: RenderError.fontMissing(family: "No Such Gothic", package: "fonts-no-such-gothic")) {
            try FontLibrary(
                required: [.init(family: "No Such Gothic", package: "fonts-no-such-gothic")], fallbacks: [],
                fontsDirectory: nil)
        }
    }

    @Test func previewsArePNGs() throws {
        let engine = try makeEngine()
        let report = try engine.renderIncident(try incident(from: try sampleObject()))
        let images = try engine.previews(report, dpi: 30)
        #expect(images.count == report.pages.count)
        #expect(images.allSatisfy { Array($0.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] })
    }
}
