import CCairo
import CPango
import SOCLayout

let pangoScale = Double(socr_pango_scale())

/// A Pango layout kept from measuring to drawing, so the PDF shows exactly the glyphs that were measured.
final class PangoTextLayout: TextLayout {
    let layout: OpaquePointer
    let lines: [LineBox]
    /// Per line: the `PangoLayoutLine`, its baseline below the layout top, and its x offset (alignment, RTL).
    let linePointers: [UnsafeMutablePointer<PangoLayoutLine>]
    let baselines: [Double]
    let offsets: [Double]
    /// Characters written as "[U+XXXX]" and glyphs Pango could not find in this text.
    let replacedCharacters: Int
    let unknownGlyphs: Int

    init(_ layout: OpaquePointer, replacedCharacters: Int) {
        self.layout = layout
        self.replacedCharacters = replacedCharacters
        unknownGlyphs = Int(pango_layout_get_unknown_glyphs_count(layout))
        var lines: [LineBox] = [], pointers: [UnsafeMutablePointer<PangoLayoutLine>] = []
        var baselines: [Double] = [], offsets: [Double] = []
        let iter = pango_layout_get_iter(layout)
        repeat {
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iter, nil, &logical)
            lines.append(LineBox(top: Double(logical.y) / pangoScale, height: Double(logical.height) / pangoScale,
                                 width: Double(logical.width) / pangoScale))
            baselines.append(Double(pango_layout_iter_get_baseline(iter)) / pangoScale)
            offsets.append(Double(logical.x) / pangoScale)
            pointers.append(pango_layout_iter_get_line_readonly(iter))
        } while pango_layout_iter_next_line(iter) != 0
        pango_layout_iter_free(iter)
        self.lines = lines; self.linePointers = pointers; self.baselines = baselines; self.offsets = offsets
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }
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
    }

    deinit {
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
        let layout = pango_layout_new(context)!
        pango_layout_set_font_description(layout, description(for: style))
        if let width {
            pango_layout_set_width(layout, Int32(max(1, width * pangoScale)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        }
        switch style.alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        // Right-to-left text keeps the report's left alignment; its runs still read right to left.
        pango_layout_set_auto_dir(layout, 0)
        if style.lineSpacing != 1 { pango_layout_set_line_spacing(layout, Float(style.lineSpacing)) }

        let (clean, replaced) = sanitizer.clean(text)
        pango_layout_set_text(layout, clean, Int32(clean.utf8.count))
        // Kinsoku (Kinsoku.unbreakableRanges): no line may start with closing marks or end with opening brackets.
        let attributes = pango_attr_list_new()
        // No ligatures: every glyph stands for one character, so the PDF's text is exactly the record's
        // ("fi" in an indicator stays two letters when copied or searched).
        pango_attr_list_insert(attributes, pango_attr_font_features_new("liga=0, clig=0, dlig=0"))
        // A line broken inside a word gets no inserted hyphen: "block-ed" or a hyphen inside a hash or
        // URL would change what the reader copies.
        pango_attr_list_insert(attributes, pango_attr_insert_hyphens_new(0))
        for range in Kinsoku.unbreakableRanges(in: clean) {
            let attribute = pango_attr_allow_breaks_new(0)!
            attribute.pointee.start_index = UInt32(range.lowerBound)
            attribute.pointee.end_index = UInt32(range.upperBound)
            pango_attr_list_insert(attributes, attribute)
        }
        pango_layout_set_attributes(layout, attributes)
        pango_attr_list_unref(attributes)
        return PangoTextLayout(layout, replacedCharacters: replaced)
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
