import CCairo
import SOCLayout

/// Hatch fills as repeating tiles: each (hatch, ink) pair is drawn once into a small recording surface
/// and used as a pattern, so the PDF holds one tiling pattern instead of hundreds of strokes per bar.
final class HatchPatterns {
    private struct Key: Hashable { var hatch: Hatch; var light: Bool }
    private var patterns: [Key: OpaquePointer] = [:]
    static let tile = 4.0

    deinit { for pattern in patterns.values { cairo_pattern_destroy(pattern) } }

    /// The pattern for `hatch` over a fill of `fill`: light ink on dark fills, dark ink on light ones.
    func pattern(_ hatch: Hatch, over fill: Color?) -> OpaquePointer? {
        guard hatch != .none else { return nil }
        let key = Key(hatch: hatch, light: (fill?.luminance ?? 1) < 0.45)
        if let cached = patterns[key] { return cached }
        let t = Self.tile
        var extents = cairo_rectangle_t(x: 0, y: 0, width: t, height: t)
        guard let surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents),
            let cr = cairo_create(surface)
        else { return nil }
        if key.light { cairo_set_source_rgba(cr, 1, 1, 1, 0.55) } else { cairo_set_source_rgba(cr, 0, 0, 0, 0.45) }
        cairo_set_line_width(cr, 0.6)
        switch hatch {
        case .none:
            break
        case .diagonal, .crossDiagonal:
            // Lines through the tile's corners continue seamlessly into the neighbouring tiles.
            for offset in [-t, 0, t] {
                cairo_move_to(cr, offset, t); cairo_line_to(cr, offset + t, 0)
                if hatch == .crossDiagonal { cairo_move_to(cr, offset, 0); cairo_line_to(cr, offset + t, t) }
            }
            cairo_stroke(cr)
        case .horizontal:
            cairo_move_to(cr, 0, t / 2); cairo_line_to(cr, t, t / 2); cairo_stroke(cr)
        case .vertical:
            cairo_move_to(cr, t / 2, 0); cairo_line_to(cr, t / 2, t); cairo_stroke(cr)
        case .dots:
            cairo_arc(cr, t / 2, t / 2, 0.65, 0, 2 * .pi); cairo_fill(cr)
        }
        cairo_destroy(cr)
        let pattern = cairo_pattern_create_for_surface(surface)
        cairo_surface_destroy(surface)
        cairo_pattern_set_extend(pattern, CAIRO_EXTEND_REPEAT)
        patterns[key] = pattern
        return pattern
    }
}
