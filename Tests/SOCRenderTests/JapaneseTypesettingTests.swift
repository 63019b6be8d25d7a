import Foundation
import SOCEngine
import SOCLayout
import SOCModel
import Testing

@testable import SOCRender

/// Line breaking a Japanese reader expects, through the real Pango measurer: katakana words kept whole
/// where the column allows, no paragraph ending on a line of one character, a Japanese page footer.
@Suite struct JapaneseTypesettingTests {
    let engine: ReportEngine
    let measurer: PangoMeasurer
    let style: TextStyle

    init() throws {
        engine = try makeEngine()
        measurer = engine.measurer(for: .ja)
        style = engine.styles.table.body
    }

    func natural(_ text: String) -> Double { measurer.layout(text, style: style, width: nil).width }

    @Test func aKatakanaWordGoesWholeToTheNextLine() {
        // Room for the word alone, not for "Web " before it: the break comes at the space.
        let width = natural("アンチウイルス") + 1
        let layout = measurer.layout("Web アンチウイルス", style: style, width: width)
        #expect(layout.lines.count == 2)
        #expect(abs(layout.lines.last!.width - natural("アンチウイルス")) < 0.5, "not \"Web アンチウイ / ルス\"")

        // Between kanji and katakana too: "不審な / アンチウイルス製品 / を検知", not "不審なアンチウイル / ス製品を検知".
        let mixed = measurer.layout("不審なアンチウイルス製品を検知", style: style, width: natural("アンチウイルス製品") + 1)
        #expect(mixed.lines.map { ($0.width / natural("あ")).rounded() } == [3, 9, 3])
    }

    @Test func aKatakanaWordLongerThanTheColumnIsStillBroken() {
        let word = "セキュリティインシデントレスポンスチーム"
        let width = natural(word) / 2.5
        let layout = measurer.layout(word, style: style, width: width)
        #expect(layout.lines.count >= 3)
        #expect(layout.lines.allSatisfy { $0.width <= width + 0.01 }, "every line inside the column")
    }

    @Test func noParagraphEndsWithOneCharacterAlone() {
        let character = natural("あ")
        let text = String(repeating: "あ", count: 10) + "疑い"
        // Eleven characters per line: without care the last line would hold "い" alone.
        let layout = measurer.layout(text, style: style, width: character * 11 + 0.5)
        #expect(layout.lines.count == 2)
        #expect(abs(layout.lines[1].width - 2 * character) < 0.5, "the last line holds two characters")

        // Each paragraph of a cell, and a closing mark does not count as a second character.
        let cell = measurer.layout(text + "。\n" + text, style: style, width: character * 11 + 0.5)
        #expect(cell.lines.count == 4)
        #expect(cell.lines[1].width > 2.5 * character && abs(cell.lines[3].width - 2 * character) < 0.5)
    }

    @Test func aLineOfOneCharacterIsLeftWhereTheLineBeforeCannotGiveOne() {
        let character = natural("あ")
        // Two characters a line: moving one down would leave a line of one above.
        let layout = measurer.layout("あいう", style: style, width: character * 2 + 0.5)
        #expect(layout.lines.count == 2 && layout.lines.allSatisfy { $0.width <= character * 2 + 0.5 })
    }

    @Test func theJapaneseFooterReadsInJapanese() throws {
        let report = try engine.renderIncident(try incident(from: try sampleObject()))
        let pdf = try temporaryPDF(report.pdf)
        defer { try? FileManager.default.removeItem(atPath: pdf) }
        let text = try squashedText(pdf)
        let n = report.pages.count
        #expect(text.contains("1/\(n)ページ") && text.contains("\(n)/\(n)ページ"))
        #expect(!text.contains("page1/"))
    }
}
