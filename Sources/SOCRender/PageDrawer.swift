import CCairo
import CPango
import SOCLayout

/// Draws layout items onto a Cairo context (a PDF page or a PNG preview).
struct PageDrawer {
    struct OutlineEntry { var title: String; var level: Int; var page: Int; var position: Point }

    let cr: OpaquePointer
    /// Where the structure of a tagged PDF is recorded; nil for an untagged PDF or an image preview.
    let structure: StructureTree?
    let pageNumber: Int
    let hatches: HatchPatterns
    private(set) var outline: [OutlineEntry] = []
    /// Inside a leaf element or an artifact: tags further down are not written.
    private var marking = false

    init(cr: OpaquePointer, structure: StructureTree?, pageNumber: Int, hatches: HatchPatterns) {
        self.cr = cr; self.structure = structure; self.pageNumber = pageNumber; self.hatches = hatches
    }

    mutating func draw(_ items: [DrawItem], at offset: Point = .zero) {
        for item in items { draw(item, at: offset) }
    }

    private mutating func draw(_ item: DrawItem, at o: Point) {
        switch item {
        case let .text(layout, lines, origin, color, rotation):
            guard let layout = layout as? PangoTextLayout, !lines.isEmpty else { return }
            setColor(color)
            if rotation != 0 {
                cairo_save(cr)
                cairo_translate(cr, o.x + origin.x, o.y + origin.y)
                cairo_rotate(cr, rotation)
                showLines(layout, lines, at: .zero)
                cairo_restore(cr)
            } else {
                showLines(layout, lines, at: Point(x: o.x + origin.x, y: o.y + origin.y))
            }
        case let .rect(rect, fill, stroke, radius, hatch):
            let r = Rect(x: rect.x + o.x, y: rect.y + o.y, width: rect.width, height: rect.height)
            paint(fill: fill, stroke: stroke, hatch: hatch) { addRect(r, radius: radius) }
        case let .path(elements, fill, stroke, hatch):
            paint(fill: fill, stroke: stroke, hatch: hatch) { addPath(elements, o) }
        case let .circle(center, radius, fill, stroke):
            paint(fill: fill, stroke: stroke, hatch: .none) {
                cairo_new_sub_path(cr)
                cairo_arc(cr, o.x + center.x, o.y + center.y, radius, 0, 2 * .pi)
            }
        case let .group(origin, tag, items):
            let at = Point(x: o.x + origin.x, y: o.y + origin.y)
            // A part of an element that drew nothing on this page (a list whose first item moved on)
            // leaves no trace; an empty table cell stays a cell.
            guard let structure, let tag, !marking, !items.isEmpty || tag.role == .tableCell || tag.role == .tableHeader
            else {
                draw(items, at: at)
                return
            }
            if tag.artifact == nil && Self.holdsTags(items) {
                structure.open(tag)
                draw(items, at: at)
                structure.close()
            } else {
                // Cairo marks the content of the leaves it is given; the artifact's name is replaced later.
                let name = tag.artifact == nil ? tag.role.rawValue : "NonStruct"
                structure.mark(tag)
                cairo_tag_begin(cr, name, nil)
                marking = true
                draw(items, at: at)
                marking = false
                cairo_tag_end(cr, name)
            }
        case let .outline(title, level):
            outline.append(OutlineEntry(title: title, level: level, page: pageNumber, position: o))
        }
    }

    private static func holdsTags(_ items: [DrawItem]) -> Bool {
        items.contains { if case let .group(_, tag, inner) = $0 { tag != nil || holdsTags(inner) } else { false } }
    }

    /// Draws the lines' glyphs with one `cairo_show_glyphs` per font rather than one call per run and
    /// line: Cairo's PDF output costs per call as well as per glyph, and a cell of three lines in one font
    /// becomes one text object. No text clusters are passed (they cost Cairo's PDF output about twice as
    /// much per CJK glyph); the PDF's ToUnicode map, built from the fonts' character maps, keeps the text
    /// searchable and extractable.
    private func showLines(_ layout: PangoTextLayout, _ lines: Range<Int>, at origin: Point) {
        let top = layout.lines[lines.lowerBound].top
        var font: OpaquePointer?
        var glyphs: [cairo_glyph_t] = []
        func flush() {
            defer { glyphs.removeAll(keepingCapacity: true) }
            guard let font, !glyphs.isEmpty else { return }
            cairo_set_scaled_font(cr, font)
            cairo_show_glyphs(cr, glyphs, Int32(glyphs.count))
        }
        for i in lines where i < layout.runs.count {
            var x = origin.x + layout.offsets[i]
            let y = origin.y + layout.baselines[i] - top
            for run in layout.runs[i] {
                let string = run.glyphs.pointee
                let glyphInfos = UnsafeBufferPointer(start: string.glyphs, count: Int(string.num_glyphs))
                // A glyph no font has (counted and reported as a warning) is drawn by Pango as a box with
                // its code point, never left out silently.
                if glyphInfos.contains(where: { $0.glyph & glyphUnknownFlag != 0 }) {
                    flush()
                    cairo_move_to(cr, x, y)
                    pango_cairo_show_glyph_string(cr, run.font, run.glyphs)
                    x += Double(pango_glyph_string_get_width(run.glyphs)) / pangoScale
                    font = nil
                    continue
                }
                let runFont = pango_cairo_font_get_scaled_font(OpaquePointer(run.font))
                if runFont != font { flush(); font = runFont }
                for info in glyphInfos {
                    // Empty glyphs (zero-width characters) draw nothing.
                    if info.glyph != glyphEmpty {
                        glyphs.append(
                            cairo_glyph_t(
                                index: UInt(info.glyph),
                                x: x + Double(info.geometry.x_offset) / pangoScale,
                                y: y + Double(info.geometry.y_offset) / pangoScale))
                    }
                    x += Double(info.geometry.width) / pangoScale
                }
            }
        }
        flush()
    }

    private func setColor(_ c: Color) {
        if c.alpha >= 1 {
            cairo_set_source_rgb(cr, c.red, c.green, c.blue)
        } else {
            cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha)
        }
    }

    private func paint(fill: Color?, stroke: Stroke?, hatch: Hatch, path: () -> Void) {
        if let fill {
            path()
            setColor(fill)
            cairo_fill(cr)
        }
        if let pattern = hatches.pattern(hatch, over: fill) {
            path()
            cairo_set_source(cr, pattern)
            cairo_fill(cr)
        }
        if let stroke {
            path()
            setColor(stroke.color)
            cairo_set_line_width(cr, stroke.width)
            stroke.dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
            cairo_stroke(cr)
            if !stroke.dash.isEmpty { cairo_set_dash(cr, nil, 0, 0) }
        }
    }

    private func addRect(_ r: Rect, radius: Double) {
        guard radius > 0 else { cairo_rectangle(cr, r.x, r.y, r.width, r.height); return }
        let rad = min(radius, r.width / 2, r.height / 2)
        cairo_new_sub_path(cr)
        cairo_arc(cr, r.maxX - rad, r.y + rad, rad, -.pi / 2, 0)
        cairo_arc(cr, r.maxX - rad, r.maxY - rad, rad, 0, .pi / 2)
        cairo_arc(cr, r.x + rad, r.maxY - rad, rad, .pi / 2, .pi)
        cairo_arc(cr, r.x + rad, r.y + rad, rad, .pi, 1.5 * .pi)
        cairo_close_path(cr)
    }

    private func addPath(_ elements: [PathElement], _ o: Point) {
        cairo_new_path(cr)
        for element in elements {
            switch element {
            case .move(let p): cairo_move_to(cr, o.x + p.x, o.y + p.y)
            case .line(let p): cairo_line_to(cr, o.x + p.x, o.y + p.y)
            case .close: cairo_close_path(cr)
            }
        }
    }
}
