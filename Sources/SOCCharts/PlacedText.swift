import SOCLayout

extension TextMeasurer {
    /// Charts lay labels out left-aligned and position them from their measured width themselves, so the
    /// drawn text is exactly where its box says it is (an aligned layout shifts lines inside its width).
    func label(_ text: String, _ style: TextStyle, width: Double? = nil) -> TextLayout {
        layout(text, style: style.with { $0.alignment = .left }, width: width.map { max(1, $0) })
    }
}

/// A measured text with its position, before it is drawn: charts thin these by their boxes first.
struct PlacedText {
    var layout: TextLayout
    var lines: Range<Int>
    var origin: Point
    var color: Color
    var rotation: Double = 0

    init(_ layout: TextLayout, at origin: Point, color: Color, rotation: Double = 0, lines: Range<Int>? = nil) {
        self.layout = layout; self.origin = origin; self.color = color; self.rotation = rotation
        self.lines = lines ?? 0..<layout.lines.count
    }

    /// The lines of `layout` that fit in `height`, at least the first.
    init(_ layout: TextLayout, at origin: Point, color: Color, fittingHeight height: Double) {
        var count = 1
        while count < layout.lines.count, layout.height(of: 0..<(count + 1)) <= height + 0.01 { count += 1 }
        self.init(layout, at: origin, color: color, lines: 0..<min(count, layout.lines.count))
    }

    var size: Size {
        Size(width: layout.lines[lines].reduce(0) { max($0, $1.width) }, height: layout.height(of: lines))
    }

    func box(padding: Double = 0) -> LabelBox {
        LabelBox(origin: origin, size: size, rotation: rotation, padding: padding)
    }

    var item: DrawItem { .text(layout, lines: lines, origin: origin, color: color, rotation: rotation) }

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
    let kept = LabelPlacement.thin(candidates.map { $0.box(padding: gap / 2) }, order: order,
                                   obstacles: obstacles.map { $0.box(padding: gap / 2) })
    return candidates.indices.filter(kept.contains).map { candidates[$0] }
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
