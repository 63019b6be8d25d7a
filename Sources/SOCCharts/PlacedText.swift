import SOCLayout

extension TextMeasurer {
    /// Charts lay labels out left-aligned and position them from their measured width themselves, so the
    /// drawn text is exactly where its box says it is (an aligned layout shifts lines inside its width).
    func label(_ text: String, _ style: TextStyle, width: Double? = nil) -> TextLayout {
        layout(text, style: style.with { $0.alignment = .left }, width: width.map { max(1, $0) })
    }

    /// Wrapped at `width` within `maxHeight`: a text needing more lines is cut short with an ellipsis
    /// (keeping at least one line), so a long label shows it is cut instead of running into its neighbours.
    func label(_ text: String, _ style: TextStyle, width: Double, maxHeight: Double) -> TextLayout {
        func fits(_ layout: TextLayout) -> Bool { layout.lines.count <= 1 || layout.height <= maxHeight + 0.01 }
        let full = label(text, style, width: width)
        guard !fits(full) else { return full }
        func shortened(_ count: Int) -> TextLayout {
            label(String(text.prefix(count)).trimmingTrailingSpaces + "…", style, width: width)
        }
        // The longest prefix that still fits with its ellipsis; the empty prefix always does.
        var fitting = 0, tooLong = text.count
        while tooLong - fitting > 1 {
            let middle = (fitting + tooLong) / 2
            if fits(shortened(middle)) { fitting = middle } else { tooLong = middle }
        }
        return shortened(fitting)
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var copy = self
        while copy.last?.isWhitespace == true { copy.removeLast() }
        return copy
    }
}

/// A measured text with its position, before it is drawn: charts thin these by their boxes first.
struct PlacedText {
    var layout: TextLayout
    var origin: Point
    var color: Color
    var rotation: Double

    init(_ layout: TextLayout, at origin: Point, color: Color, rotation: Double = 0) {
        self.layout = layout; self.origin = origin; self.color = color; self.rotation = rotation
    }

    func box(padding: Double = 0) -> LabelBox {
        LabelBox(
            origin: origin, size: Size(width: layout.width, height: layout.height), rotation: rotation, padding: padding
        )
    }

    var item: DrawItem {
        .text(layout, lines: 0..<layout.lines.count, origin: origin, color: color, rotation: rotation)
    }

    /// Moved horizontally as little as possible to lie within 0…`width`.
    func keptInside(width: Double) -> PlacedText {
        let bounds = box().bounds
        var copy = self
        copy.origin.x += max(0, -bounds.x) - max(0, min(bounds.maxX - width, bounds.x))
        return copy
    }
}

/// The `candidates`, taken in `order` of importance, that clear `obstacles` and each other by `gap`.
func clear(_ candidates: [PlacedText], order: [Int], obstacles: [PlacedText] = [], gap: Double) -> [PlacedText] {
    clear(alternatives: candidates.map { [$0] }, order: order, obstacles: obstacles, gap: gap)
}

/// For each candidate in `order` of importance, the first of its alternative placements that clears
/// `obstacles` and the placements already chosen by `gap`; in candidate order.
func clear(alternatives: [[PlacedText]], order: [Int], obstacles: [PlacedText] = [], gap: Double) -> [PlacedText] {
    let chosen = LabelPlacement.choose(
        alternatives.map { $0.map { $0.box(padding: gap / 2) } }, order: order,
        obstacles: obstacles.map { $0.box(padding: gap / 2) })
    return alternatives.indices.compactMap { i in chosen[i].map { alternatives[i][$0] } }
}

/// Top-left corners for boxes of `sizes` laid left to right, wrapping to a new row when `width` runs out;
/// and the total height.
func flow(_ sizes: [Size], width: Double, gap: Double, rowGap: Double) -> (origins: [Point], height: Double) {
    var origins: [Point] = []
    var x = 0.0, y = 0.0, rowHeight = 0.0
    for size in sizes {
        if x > 0 && x + size.width > width { x = 0; y += rowHeight + rowGap; rowHeight = 0 }
        origins.append(Point(x: x, y: y))
        x += size.width + gap
        rowHeight = max(rowHeight, size.height)
    }
    return (origins, sizes.isEmpty ? 0 : y + rowHeight)
}
