import CPango
import Foundation
import SOCEngine
import SOCLayout
import SOCModel
import Testing

@testable import SOCRender

/// The direct path of `PangoMeasurer` must give what PangoLayout gives: same lines,
/// baselines, offsets and glyphs, for every style and alignment the reports use.
@Suite struct PangoMeasurerTests {
    static let texts = [
        "14,703,426", "2026-03-12 08:42:00", "10.144.154.57:64282", "C2 通信", "ACME Motor 株式会社", "インシデント報告書",
        "フィッシングサイトへのアクセスと認証情報入力の疑い", "（第2報）「緊急」、確認済み。", "ET TROJAN Cobalt Strike Beacon",
        " leading and trailing ", "ー長音", "office", "😀 emoji", "עברית RTL", "a\u{200B}b", "\u{200B}",
        "hxxps://static-img-cache[.]example/login/788",
        "URL フィルタ\nurl-filter-01", "10.144.154.57:64282\n→ 198.51.100.248:443\ntcp", "[malware]\n↑1,385B ↓8,706B",
        "a\n\nb", "trailing\n", "\nleading", "長い一行目の説明文がここに入ります\n短い",
    ]

    @Test(arguments: [Language.ja, .en])
    func directlyShapedLinesMatchPangoLayout(_ language: Language) throws {
        let engine = try makeEngine()
        let direct = engine.measurer(for: language)
        let reference = PangoMeasurer(
            fonts: direct.fonts,
            families: [
                .sans: engine.styles.theme.sansFamilies,
                .mono: engine.styles.theme.monoFamilies,
            ],
            language: language.rawValue)
        reference.shapesDirectly = false
        let styles = engine.styles
        var shapedDirectly = 0
        func compare(_ text: String, _ style: TextStyle, _ width: Double?) {
            let a = direct.layout(text, style: style, width: width) as! PangoTextLayout
            let b = reference.layout(text, style: style, width: width) as! PangoTextLayout
            let context = "\(text) \(style.size) \(style.alignment) \(String(describing: width))"
            #expect(!b.isShapedDirectly)
            if a.isShapedDirectly { shapedDirectly += 1 }
            #expect(a.lines == b.lines, "\(context)")
            #expect(a.baselines == b.baselines, "\(context)")
            #expect(a.offsets == b.offsets, "\(context)")
            #expect(glyphs(a) == glyphs(b), "\(context)")
            #expect(a.unknownGlyphs == b.unknownGlyphs, "\(context)")
        }
        for text in Self.texts {
            for base in [styles.body, styles.strong, styles.mono, styles.log.body, styles.table.header, styles.title] {
                for alignment in [TextAlignment.left, .center, .right] {
                    let style = base.with { $0.alignment = alignment }
                    for width in [nil, 40.0, 123.4, 300] as [Double?] { compare(text, style, width) }
                    // Exactly as wide as the text, and a hair narrower: where PangoLayout starts to wrap.
                    let natural = reference.layout(text, style: style, width: nil).width
                    compare(text, style, natural)
                    compare(text, style, natural - 0.01)
                }
            }
        }
        #expect(shapedDirectly > 600, "the direct path is taken for short lines")
    }

    @Test func whatNeedsBreakingOrMoreThanOneLeftToRightFontGoesThroughPangoLayout() throws {
        let measurer = try makeEngine().measurer(for: .ja)
        let style = try makeEngine().styles.body
        #expect((measurer.layout("C2 通信", style: style, width: 200) as! PangoTextLayout).isShapedDirectly)
        #expect((measurer.layout("two\nlines", style: style, width: 200) as! PangoTextLayout).isShapedDirectly)
        for (text, width) in [("C2 通信が確認されました", 20.0), ("two\n\nparagraphs", 200), ("עברית", 200), ("😀 emoji", 200)] {
            let layout = measurer.layout(text, style: style, width: width) as! PangoTextLayout
            #expect(!layout.isShapedDirectly, "\(text)")
        }
    }

    /// Per line and run: the run's font ("BIZ UDPGothic Bold 9.2") and its glyph ids and positions, in
    /// drawing order. The two measurers have font maps of their own, so fonts compare by description.
    private func glyphs(_ layout: PangoTextLayout) -> [[String]] {
        layout.runs.map { line in
            line.map { run in
                let description = pango_font_describe(run.font)
                let text = pango_font_description_to_string(description)!
                let name = String(cString: text)
                g_free(text)
                pango_font_description_free(description)
                let string = run.glyphs.pointee
                let glyphs = (0..<Int(string.num_glyphs)).map { i -> String in
                    let g = string.glyphs[i]
                    return "\(g.glyph)@\(g.geometry.width),\(g.geometry.x_offset),\(g.geometry.y_offset)"
                }
                return ([name] + glyphs).joined(separator: " ")
            }
        }
    }
}
