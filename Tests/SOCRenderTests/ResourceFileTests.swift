import Foundation
import SOCLayout
import SOCModel
import SOCTemplates
import Testing

/// Templates/theme.json and the wording files: every key the code reads is there, no key it does not
/// know is, and the words the code used to hold (month names, ordinal suffixes) come from the files.
@Suite struct ResourceFileTests {
    let templates = packageRoot.appendingPathComponent("Templates")

    /// A copy of `Templates/<name>` in a fresh folder with `edit` applied to its JSON object.
    func edited(_ name: String, _ edit: (inout [String: Any]) -> Void) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("resources-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in ["theme.json", "ja.json", "en.json"] {
            try FileManager.default.copyItem(
                at: templates.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        let url = folder.appendingPathComponent(name)
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        return url
    }

    func refusal(_ load: () throws -> Void) -> String {
        do { try load() } catch { return "\(error)" }
        return "accepted"
    }

    @Test func theShippedThemeLoadsTyped() throws {
        let theme = try Theme.load(from: templates.appendingPathComponent("theme.json"))
        #expect(theme.sizes.title == 17 && theme.sizes.log == 6.6 && theme.sizes.chartTick == 6.8)
        #expect(theme.colors.missed == Color(hex: "#B71C1C") && theme.colors.notFound == Color(hex: "#2E7D32"))
    }

    @Test func aThemeKeyTheCodeDoesNotKnowIsRefused() throws {
        let url = try edited("theme.json") { theme in
            var sizes = theme["sizes"] as! [String: Any]
            sizes["titel"] = 17
            theme["sizes"] = sizes
        }
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        #expect(refusal { _ = try Theme.load(from: url) } == "\(url.path): sizes.titel: unknown key")
    }

    @Test func aThemeWithoutAKeyTheCodeReadsIsRefused() throws {
        let url = try edited("theme.json") { theme in
            var colors = theme["colors"] as! [String: Any]
            colors["met"] = nil
            theme["colors"] = colors
        }
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        #expect(refusal { _ = try Theme.load(from: url) } == "\(url.path): colors.met is missing")
    }

    @Test func aThemeColourThatIsNoColourIsRefused() throws {
        let url = try edited("theme.json") { theme in
            var colors = theme["colors"] as! [String: Any]
            colors["grid"] = "grey"
            theme["colors"] = colors
        }
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        #expect(refusal { _ = try Theme.load(from: url) } == "\(url.path): colors.grid: 'grey' is not a #RRGGBB colour")
    }

    @Test func anEnglishFileWithoutMonthNamesIsRefused() throws {
        let url = try edited("en.json") { $0["month"] = nil }
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        #expect(
            refusal { _ = try Wording.loadAll(from: url.deletingLastPathComponent()) }
                == "\(url.path): month is missing")
        let lacking = try edited("en.json") { wording in
            var months = wording["month"] as! [String: Any]
            months["3"] = nil
            wording["month"] = months
        }
        defer { try? FileManager.default.removeItem(at: lacking.deletingLastPathComponent()) }
        #expect(
            refusal { _ = try Wording.loadAll(from: lacking.deletingLastPathComponent()) }
                == "\(lacking.path): month lacks 3")
    }

    @Test func aFileWithoutOrdinalSuffixesIsRefused() throws {
        let url = try edited("ja.json") { wording in
            var ordinal = wording["ordinal"] as! [String: Any]
            ordinal["few"] = nil
            wording["ordinal"] = ordinal
        }
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        #expect(
            refusal { _ = try Wording.loadAll(from: url.deletingLastPathComponent()) }
                == "\(url.path): ordinal lacks few")
    }

    @Test func ordinalsAndMonthsComeFromTheWordingFiles() throws {
        let wordings = try Wording.loadAll(from: templates)
        let en = try #require(wordings[.en]), ja = try #require(wordings[.ja])
        #expect(
            [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(en.ordinal).joined(separator: " ")
                == "1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 101st 111th")
        #expect(en.revision(2) == "2nd report" && ja.revision(2) == "第2報")
        let march = try #require(YearMonth(year: 2026, month: 3))
        #expect(en.month(march) == "March 2026" && ja.month(march) == "2026年3月")
        #expect(en.monthAbbreviation(12) == "Dec" && ja.monthAbbreviation(12) == "12月")
    }
}
