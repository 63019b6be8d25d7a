import CCairo
import CPango
import SOCLayout

/// Draws layout items onto a Cairo context (a PDF page or a PNG preview).
struct PageDrawer {
    struct OutlineEntry { var title: String; var level: Int; var page: Int; var position: Point }

    let cr: OpaquePointer
    /// Write PDF structure tags (headings, paragraphs, tables); off for image previews.
    let tagged: Bool
    let pageNumber: Int
    private(set) var outline: [OutlineEntry] = []

    init(cr: OpaquePointer, tagged: Bool, pageNumber: Int) {
        self.cr = cr; self.tagged = tagged; self.pageNumber = pageNumber
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
            paint(fill: fill, stroke: stroke, hatch: hatch, bounds: r) { addRect(r, radius: radius) }
        case let .path(elements, fill, stroke, hatch):
            paint(fill: fill, stroke: stroke, hatch: hatch, bounds: bounds(elements, o)) { addPath(elements, o) }
        case let .circle(center, radius, fill, stroke):
            let bounds = Rect(x: o.x + center.x - radius, y: o.y + center.y - radius, width: radius * 2, height: radius * 2)
            paint(fill: fill, stroke: stroke, hatch: .none, bounds: bounds) {
                cairo_new_sub_path(cr)
                cairo_arc(cr, o.x + center.x, o.y + center.y, radius, 0, 2 * .pi)
            }
        case let .group(origin, tag, items):
            if tagged, let tag { cairo_tag_begin(cr, tag.rawValue, nil) }
            draw(items, at: Point(x: o.x + origin.x, y: o.y + origin.y))
            if tagged, let tag { cairo_tag_end(cr, tag.rawValue) }
        case let .outline(title, level):
            outline.append(OutlineEntry(title: title, level: level, page: pageNumber, position: o))
        }
    }

    private func showLines(_ layout: PangoTextLayout, _ lines: Range<Int>, at origin: Point) {
        let top = layout.lines[lines.lowerBound].top
        for i in lines where i < layout.linePointers.count {
            cairo_move_to(cr, origin.x + layout.offsets[i], origin.y + layout.baselines[i] - top)
            pango_cairo_show_layout_line(cr, layout.linePointers[i])
        }
    }

    private func setColor(_ c: Color) {
        if c.alpha >= 1 { cairo_set_source_rgb(cr, c.red, c.green, c.blue) } else { cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha) }
    }

    private func paint(fill: Color?, stroke: Stroke?, hatch: Hatch, bounds: Rect, path: () -> Void) {
        if let fill {
            path()
            setColor(fill)
            cairo_fill(cr)
        }
        if hatch != .none {
            cairo_save(cr)
            path()
            cairo_clip(cr)
            drawHatch(hatch, in: bounds, over: fill)
            cairo_restore(cr)
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

    /// Line patterns in a shade that contrasts with the fill, so series differ without colour.
    private func drawHatch(_ hatch: Hatch, in b: Rect, over fill: Color?) {
        let ink = (fill?.luminance ?? 1) < 0.45 ? Color(red: 1, green: 1, blue: 1, alpha: 0.55) : Color(red: 0, green: 0, blue: 0, alpha: 0.45)
        setColor(ink)
        cairo_set_line_width(cr, 0.7)
        let step = 3.5
        let span = b.width + b.height
        switch hatch {
        case .none:
            return
        case .diagonal, .crossDiagonal:
            var d = 0.0
            while d <= span {
                cairo_move_to(cr, b.x + d, b.y); cairo_line_to(cr, b.x + d - b.height, b.maxY)
                if hatch == .crossDiagonal { cairo_move_to(cr, b.x + d - b.height, b.y); cairo_line_to(cr, b.x + d, b.maxY) }
                d += step * 1.4
            }
        case .horizontal:
            var y = b.y + step / 2
            while y < b.maxY { cairo_move_to(cr, b.x, y); cairo_line_to(cr, b.maxX, y); y += step }
        case .vertical:
            var x = b.x + step / 2
            while x < b.maxX { cairo_move_to(cr, x, b.y); cairo_line_to(cr, x, b.maxY); x += step }
        case .dots:
            var y = b.y + step / 2
            while y < b.maxY {
                var x = b.x + step / 2
                while x < b.maxX { cairo_new_sub_path(cr); cairo_arc(cr, x, y, 0.6, 0, 2 * .pi); x += step }
                y += step
            }
            cairo_fill(cr)
            return
        }
        cairo_stroke(cr)
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

    private func bounds(_ elements: [PathElement], _ o: Point) -> Rect {
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for case .move(let p) in elements { minX = min(minX, p.x); minY = min(minY, p.y); maxX = max(maxX, p.x); maxY = max(maxY, p.y) }
        for case .line(let p) in elements { minX = min(minX, p.x); minY = min(minY, p.y); maxX = max(maxX, p.x); maxY = max(maxY, p.y) }
        guard minX.isFinite else { return Rect(x: 0, y: 0, width: 0, height: 0) }
        return Rect(x: o.x + minX, y: o.y + minY, width: maxX - minX, height: maxY - minY)
    }
}
