import CCairo
import CPango
import SOCLayout

let pangoScale = Double(socr_pango_scale())
/// Pango's PANGO_GLYPH_EMPTY and PANGO_GLYPH_UNKNOWN_FLAG (macros with casts, not imported into Swift).
let glyphEmpty: PangoGlyph = 0x0FFF_FFFF
let glyphUnknownFlag: PangoGlyph = 0x1000_0000

/// A laid-out text kept from measuring to drawing, so the PDF shows exactly the glyphs that were measured.
final class PangoTextLayout: TextLayout {
    /// A shaped run: its font and glyphs. A line's runs are in visual order, each starting where the
    /// one before ends.
    struct Run {
        let font: UnsafeMutablePointer<PangoFont>
        let glyphs: UnsafeMutablePointer<PangoGlyphString>
    }

    /// What owns the runs' memory: a PangoLayout, or items and glyphs shaped directly (with a reference
    /// to their context, as a PangoLayout holds one, so its font map outlives the layout). A struct of
    /// plain fields rather than an enum: LeakSanitizer cannot follow pointers packed into an enum's
    /// payload and took the live glyph lists for leaks.
    private struct Storage {
        var layout: OpaquePointer?
        var context: OpaquePointer?
        var items: [UnsafeMutablePointer<GList>] = []
        var glyphs: [UnsafeMutablePointer<PangoGlyphString>] = []
    }

    let lines: [LineBox]
    let runs: [[Run]]
    /// Per line: the baseline below the layout top and the x offset (alignment, RTL).
    let baselines: [Double]
    let offsets: [Double]
    /// Characters written as "[U+XXXX]" and glyphs Pango could not find in this text.
    let replacedCharacters: Int
    let unknownGlyphs: Int
    private let storage: Storage

    init(_ layout: OpaquePointer, replacedCharacters: Int) {
        storage = Storage(layout: layout)
        self.replacedCharacters = replacedCharacters
        unknownGlyphs = Int(pango_layout_get_unknown_glyphs_count(layout))
        var lines: [LineBox] = [], runs: [[Run]] = [], baselines: [Double] = [], offsets: [Double] = []
        let iter = pango_layout_get_iter(layout)
        repeat {
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iter, nil, &logical)
            lines.append(
                LineBox(
                    top: Double(logical.y) / pangoScale, height: Double(logical.height) / pangoScale,
                    width: Double(logical.width) / pangoScale))
            baselines.append(Double(pango_layout_iter_get_baseline(iter)) / pangoScale)
            offsets.append(Double(logical.x) / pangoScale)
            var lineRuns: [Run] = []
            var node = pango_layout_iter_get_line_readonly(iter).pointee.runs
            while let current = node {
                let item = current.pointee.data.assumingMemoryBound(to: PangoGlyphItem.self).pointee
                lineRuns.append(Run(font: item.item.pointee.analysis.font, glyphs: item.glyphs))
                node = current.pointee.next
            }
            runs.append(lineRuns)
        } while pango_layout_iter_next_line(iter) != 0
        pango_layout_iter_free(iter)
        self.lines = lines; self.runs = runs; self.baselines = baselines; self.offsets = offsets
    }

    /// Lines of directly shaped items (`PangoMeasurer.directLines`).
    init(
        context: OpaquePointer, items: [UnsafeMutablePointer<GList>], runs: [[Run]], lines: [LineBox],
        baselines: [Double],
        offsets: [Double], replacedCharacters: Int
    ) {
        g_object_ref(UnsafeMutableRawPointer(context))
        storage = Storage(context: context, items: items, glyphs: runs.flatMap { $0.map(\.glyphs) })
        self.runs = runs; self.lines = lines; self.baselines = baselines; self.offsets = offsets
        self.replacedCharacters = replacedCharacters
        unknownGlyphs = 0
    }

    /// Whether the text was shaped directly rather than through a PangoLayout.
    var isShapedDirectly: Bool {
        storage.layout == nil
    }

    deinit {
        if let layout = storage.layout { g_object_unref(UnsafeMutableRawPointer(layout)) }
        if let context = storage.context {
            PangoTextLayout.free(items: storage.items, glyphs: storage.glyphs)
            g_object_unref(UnsafeMutableRawPointer(context))
        }
    }

    static func free(items: [UnsafeMutablePointer<GList>], glyphs: [UnsafeMutablePointer<PangoGlyphString>]) {
        for glyph in glyphs { pango_glyph_string_free(glyph) }
        for list in items { g_list_free_full(list) { pango_item_free($0?.assumingMemoryBound(to: PangoItem.self)) } }
    }
}

/// Measures text with Pango on the project's fonts. One measurer belongs to one thread.
public final class PangoMeasurer: TextMeasurer {
    let fonts: FontLibrary
    let context: OpaquePointer
    private let fontMap: UnsafeMutablePointer<PangoFontMap>
    private let families: [FontRole: String]
    private var descriptions: [TextStyle: OpaquePointer] = [:]
    /// Short texts repeat (log sources, actions, column titles): their layouts are immutable, so share them.
    private var shortTexts: [ShortTextKey: PangoTextLayout] = [:]
    private struct ShortTextKey: Hashable { var text: String; var style: TextStyle; var width: Double? }
    private lazy var sanitizer = TextSanitizer(covers: { [fonts] in fonts.covers($0) })
    /// Characters shown as "[U+XXXX]", and glyphs Pango could not find, in the current document.
    public private(set) var replacedCharacters = 0
    public private(set) var unknownGlyphs = 0
    /// Texts already counted: layout retries (a table row that moves to the next page) measure a text again.
    private var countedTexts: Set<String> = []
    /// Attributes that affect shaping, over any text.
    private let shapingAttributes: OpaquePointer
    /// Off in tests, to compare the direct path with PangoLayout.
    var shapesDirectly = true
    /// Per font (referenced, so the pointer stays that font's): its line height (ascent, descent and
    /// line gap), which places lines after the first.
    private var lineHeights: [UnsafeMutablePointer<PangoFont>: Int32] = [:]

    /// Starts the counts of replaced characters and unknown glyphs afresh for a new document.
    public func beginDocument() {
        replacedCharacters = 0
        unknownGlyphs = 0
        countedTexts.removeAll()
    }

    /// Drops the shared layouts of short texts, so the next document is laid out as if none of its texts
    /// had been seen (benchmarks: a repeated input must not be served from this cache).
    public func forgetTexts() {
        shortTexts.removeAll()
    }

    /// - Parameters:
    ///   - families: Pango family lists per role, e.g. "BIZ UDPGothic, Noto Sans CJK JP, DejaVu Sans".
    ///   - language: BCP 47 tag; "ja" makes Han characters take their Japanese forms.
    public init(fonts: FontLibrary, families: [FontRole: String], language: String) {
        self.fonts = fonts
        self.families = families
        fontMap = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT)
        pango_fc_font_map_set_config(OpaquePointer(fontMap), fonts.config)
        context = pango_font_map_create_context(fontMap)
        pango_cairo_context_set_resolution(context, 72)
        // Unhinted metrics and unrounded positions: what is measured is what the PDF draws, at any scale.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(context, 0)
        pango_context_set_language(context, pango_language_from_string(language))
        shapingAttributes = pango_attr_list_new()
        // No ligatures: every glyph stands for one character, so the PDF's text is exactly the record's
        // ("fi" in an indicator stays two letters when copied or searched).
        pango_attr_list_insert(shapingAttributes, pango_attr_font_features_new("liga=0, clig=0, dlig=0"))
        // A line broken inside a word gets no inserted hyphen: "block-ed" or a hyphen inside a hash or
        // URL would change what the reader copies.
        pango_attr_list_insert(shapingAttributes, pango_attr_insert_hyphens_new(0))
    }

    deinit {
        for font in lineHeights.keys { g_object_unref(font) }
        pango_attr_list_unref(shapingAttributes)
        for description in descriptions.values { pango_font_description_free(description) }
        g_object_unref(UnsafeMutableRawPointer(context))
        g_object_unref(fontMap)
    }

    public func layout(_ text: String, style: TextStyle, width: Double?) -> TextLayout {
        let measured = cachedOrMade(text, style: style, width: width)
        // Counted per document, once per text: layout retries measure a text again, and a cached layout
        // may come from an earlier document.
        if measured.replacedCharacters + measured.unknownGlyphs > 0, countedTexts.insert(text).inserted {
            replacedCharacters += measured.replacedCharacters
            unknownGlyphs += measured.unknownGlyphs
        }
        return measured
    }

    private func cachedOrMade(_ text: String, style: TextStyle, width: Double?) -> PangoTextLayout {
        guard text.utf8.count <= 48 else { return makeLayout(text, style: style, width: width) }
        let key = ShortTextKey(text: text, style: style, width: width)
        if let cached = shortTexts[key] { return cached }
        let made = makeLayout(text, style: style, width: width)
        if shortTexts.count > 4096 { shortTexts.removeAll(keepingCapacity: true) }
        shortTexts[key] = made
        return made
    }

    private func makeLayout(_ text: String, style: TextStyle, width: Double?) -> PangoTextLayout {
        let (clean, replaced) = sanitizer.clean(text, showingInvisibles: style.showsInvisibles)
        if shapesDirectly, let direct = directLines(clean, style: style, width: width, replaced: replaced) {
            return direct
        }
        let layout = pango_layout_new(context)!
        pango_layout_set_font_description(layout, description(for: style))
        if let width {
            pango_layout_set_width(layout, Int32(max(1, width * pangoScale)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        }
        pango_layout_set_alignment(layout, alignment(style))
        // Right-to-left text keeps the report's left alignment; its runs still read right to left.
        pango_layout_set_auto_dir(layout, 0)
        if style.lineSpacing != 1 { pango_layout_set_line_spacing(layout, Float(style.lineSpacing)) }
        pango_layout_set_text(layout, clean, Int32(clean.utf8.count))
        let unbreakable = unbreakableRanges(clean, style: style, width: width)
        setBreaks(layout, unbreakable: unbreakable)
        if width != nil {
            // A paragraph ending on a line of one character takes one more from the line before.
            let binds = Kinsoku.lonelyLastCharacters(lines: Self.lineRanges(layout), in: clean)
            if !binds.isEmpty { setBreaks(layout, unbreakable: Kinsoku.union(unbreakable + binds)) }
        }
        return PangoTextLayout(layout, replacedCharacters: replaced)
    }

    /// Where a line may not break: kinsoku pairs (no line starts with a closing mark or ends with an
    /// opening bracket) and, in a given width, katakana words that fit it whole.
    private func unbreakableRanges(_ text: String, style: TextStyle, width: Double?) -> [Range<Int>] {
        let kinsoku = Kinsoku.unbreakableRanges(in: text)
        guard let width else { return kinsoku }
        let words = Kinsoku.katakanaWords(in: text)
        guard !words.isEmpty else { return kinsoku }
        // A word is measured with the kinsoku pairs it touches, which go with it to the next line.
        let bytes = Array(text.utf8)
        let wholeWords = Kinsoku.union(kinsoku + words).filter { span in
            words.contains { span.contains($0.lowerBound) }
                && cachedOrMade(String(decoding: bytes[span], as: UTF8.self), style: style, width: nil).width <= width
        }
        return Kinsoku.union(kinsoku + wholeWords)
    }

    private func setBreaks(_ layout: OpaquePointer, unbreakable: [Range<Int>]) {
        let attributes = pango_attr_list_copy(shapingAttributes)
        for range in unbreakable {
            let attribute = pango_attr_allow_breaks_new(0)!
            attribute.pointee.start_index = UInt32(range.lowerBound)
            attribute.pointee.end_index = UInt32(range.upperBound)
            pango_attr_list_insert(attributes, attribute)
        }
        pango_layout_set_attributes(layout, attributes)
        pango_attr_list_unref(attributes)
    }

    /// The UTF-8 byte range of each line of `layout`.
    private static func lineRanges(_ layout: OpaquePointer) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var node = pango_layout_get_lines_readonly(layout)
        while let current = node {
            let line = current.pointee.data.assumingMemoryBound(to: PangoLayoutLine.self).pointee
            ranges.append(Int(line.start_index)..<Int(line.start_index + line.length))
            node = current.pointee.next
        }
        return ranges
    }

    /// Most table cells are a line or a few short lines ("source\ndevice") in one left-to-right font.
    /// Those are itemized and shaped paragraph by paragraph the way PangoLayout does it, and placed with
    /// its arithmetic, without its line breaking and line iteration, which cost as much as the shaping;
    /// lines, offsets and glyphs come out the same (PangoMeasurerTests compares the two). Anything else —
    /// a paragraph wider than `width`, an empty paragraph, right-to-left text, more than one font, an
    /// unknown glyph — returns nil and goes through PangoLayout.
    private func directLines(_ text: String, style: TextStyle, width: Double?, replaced: Int) -> PangoTextLayout? {
        guard !text.isEmpty, !text.unicodeScalars.contains(where: { $0 == "\u{2028}" || $0 == "\u{2029}" }) else {
            return nil
        }
        let layoutWidth = width.map { Int32(max(1, $0 * pangoScale)) }
        var items: [UnsafeMutablePointer<GList>] = [], runs: [[PangoTextLayout.Run]] = [], widths: [Int32] = []
        var usable = true
        text.withCString { chars in
            let length = Int32(text.utf8.count)
            let fontAttributes = pango_attr_list_new()
            pango_attr_list_insert(fontAttributes, pango_attr_font_desc_new(description(for: style)))
            var start: Int32 = 0
            for paragraph in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) where usable {
                let count = Int32(paragraph.count)
                defer { start += count + 1 }
                guard count > 0,
                    let list = pango_itemize_with_base_dir(
                        context, pango_context_get_base_dir(context), chars,
                        start, count, fontAttributes, nil)
                else { usable = false; break }
                items.append(list)
                let shaping = pango_attr_list_get_iterator(shapingAttributes)
                var line: [PangoTextLayout.Run] = []
                var node: UnsafeMutablePointer<GList>? = list
                while let current = node {
                    let item = current.pointee.data.assumingMemoryBound(to: PangoItem.self)
                    pango_item_apply_attrs(item, shaping)
                    let glyphs = pango_glyph_string_new()!
                    pango_shape_item(item, chars, length, nil, glyphs, PANGO_SHAPE_NONE)
                    line.append(.init(font: item.pointee.analysis.font, glyphs: glyphs))
                    let string = glyphs.pointee
                    usable =
                        usable && item.pointee.analysis.level == 0
                        && item.pointee.analysis.font == (runs.first ?? line)[0].font
                        && !(0..<Int(string.num_glyphs)).contains { string.glyphs[$0].glyph & glyphUnknownFlag != 0 }
                    node = current.pointee.next
                }
                pango_attr_iterator_destroy(shaping)
                runs.append(line)
                widths.append(line.reduce(0) { $0 + pango_glyph_string_get_width($1.glyphs) })
                usable = usable && widths.last! <= layoutWidth ?? .max
            }
            pango_attr_list_unref(fontAttributes)
        }
        guard usable else {
            PangoTextLayout.free(items: items, glyphs: runs.flatMap { $0.map(\.glyphs) })
            return nil
        }
        // One font: every line's logical box has the font's ascent and descent.
        var logical = PangoRectangle()
        pango_glyph_string_extents(runs[0][0].glyphs, runs[0][0].font, nil, &logical)
        // pango-layout.c, get_line_extents_layout_coords: the first baseline sits at the ascent; with a
        // line-spacing factor the next is that factor times the font's line height below (float
        // arithmetic, truncated), else the next line's box starts where this one's ends.
        let spacing = Float(style.lineSpacing == 1 ? 0 : style.lineSpacing)
        let firstItem = items[0].pointee.data.assumingMemoryBound(to: PangoItem.self).pointee
        let height = spacing == 0 ? logical.height : lineHeight(runs[0][0].font, language: firstItem.analysis.language)
        var baseline = -logical.y
        var baselines: [Int32] = []
        for _ in runs {
            baselines.append(baseline)
            baseline = spacing == 0 ? baseline + height : Int32(Float(baseline) + spacing * Float(height))
        }
        let alignTo = layoutWidth ?? widths.max()!
        return PangoTextLayout(
            context: context, items: items, runs: runs,
            lines: zip(baselines, widths).map {
                LineBox(
                    top: Double($0 + logical.y) / pangoScale, height: Double(logical.height) / pangoScale,
                    width: Double($1) / pangoScale)
            },
            baselines: baselines.map { Double($0) / pangoScale },
            offsets: widths.map { Double(xOffset(alignment(style), layoutWidth: alignTo, lineWidth: $0)) / pangoScale },
            replacedCharacters: replaced)
    }

    /// pango_font_metrics_get_height of a font for its items' language (the context is unscaled), as
    /// pango_layout_run_get_extents_and_height takes it. The language is the context's for every item.
    private func lineHeight(_ font: UnsafeMutablePointer<PangoFont>, language: OpaquePointer?) -> Int32 {
        if let known = lineHeights[font] { return known }
        let metrics = pango_font_get_metrics(font, language)
        let height = pango_font_metrics_get_height(metrics)
        pango_font_metrics_unref(metrics)
        g_object_ref(font)
        lineHeights[font] = height
        return height
    }

    private func alignment(_ style: TextStyle) -> PangoAlignment {
        switch style.alignment {
        case .left: PANGO_ALIGN_LEFT
        case .center: PANGO_ALIGN_CENTER
        case .right: PANGO_ALIGN_RIGHT
        }
    }

    /// PangoLayout's alignment offset of a line, in Pango units (pango-layout.c, get_x_offset).
    private func xOffset(_ alignment: PangoAlignment, layoutWidth: Int32, lineWidth: Int32) -> Int32 {
        switch alignment {
        case PANGO_ALIGN_RIGHT: return layoutWidth - lineWidth
        case PANGO_ALIGN_CENTER:
            let offset = (layoutWidth - lineWidth) / 2
            // Pango rounds to whole units when both widths are whole units.
            let unit = Int32(pangoScale)
            return (layoutWidth | lineWidth) & (unit - 1) == 0 ? (offset + unit / 2) & ~(unit - 1) : offset
        default: return 0
        }
    }

    private func description(for style: TextStyle) -> OpaquePointer {
        if let cached = descriptions[style] { return cached }
        let description = pango_font_description_new()!
        pango_font_description_set_family(description, families[style.role] ?? "sans-serif")
        pango_font_description_set_absolute_size(description, style.size * pangoScale)
        pango_font_description_set_weight(description, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        descriptions[style] = description
        return description
    }
}
