import SOCLayout

/// Category labels (months) under a plot of columns or points: level, slanted or thinned from their
/// measured widths so they never overlap, and never sticking out of the chart: the plot is narrowed when
/// a label at either end would.
struct CategoryAxis {
    private let tolerance = 1e-6
    /// The plot's left and right edges after narrowing.
    private(set) var left: Double
    private(set) var right: Double
    let count: Int
    /// Labels as placed below a line at y = 0.
    private(set) var texts: [PlacedText] = []

    init(
        _ layouts: [TextLayout], color: Color, left: Double, right: Double, chartWidth: Double,
        gap: Double, maxDepth: Double
    ) {
        self.left = left; self.right = right; count = layouts.count
        let lineHeight = layouts.map(\.height).max() ?? 0
        // A narrower plot can tip the choice (level → slanted), so re-place a few times until nothing sticks out.
        for _ in 0..<4 {
            let labels = LabelPlacement.axisLabels(
                widths: layouts.map(\.width), lineHeight: lineHeight, slot: slot,
                gap: gap, maxDepth: maxDepth)
            texts = Self.place(layouts, color: color, left: self.left, slot: slot, labels: labels, gap: gap)
            let bounds = texts.map { $0.box().bounds }
            let overLeft = max(0, -(bounds.map(\.x).min() ?? 0))
            let overRight = max(0, (bounds.map(\.maxX).max() ?? 0) - chartWidth)
            if overLeft < tolerance && overRight < tolerance { return }
            // An end category's centre moves by only 1 − 1/2n of a move of the plot's edge (the slot narrows too).
            let reach = 1 - 1 / Double(2 * count)
            self.left += overLeft / reach
            self.right = max(self.left + 1, self.right - overRight / reach)
        }
        texts = texts.filter {
            let b = $0.box().bounds; return b.x >= -tolerance && b.maxX <= chartWidth + tolerance
        }
    }

    var slot: Double { (right - left) / Double(max(count, 1)) }
    func centre(_ index: Int) -> Double { left + slot * (Double(index) + 0.5) }
    /// How far the labels reach below their line.
    var depth: Double { texts.map { $0.box().bounds.maxY }.max() ?? 0 }

    func items(top: Double) -> [DrawItem] {
        texts.map {
            var t = $0; t.origin.y += top; return t.item
        }
    }

    private static func place(
        _ layouts: [TextLayout], color: Color, left: Double, slot: Double,
        labels: LabelPlacement.AxisLabels, gap: Double
    ) -> [PlacedText] {
        var candidates: [PlacedText] = []
        for (i, layout) in layouts.enumerated() where labels.shows(i, of: layouts.count) {
            let centre = left + slot * (Double(i) + 0.5)
            if labels.rotation == 0 {
                candidates.append(PlacedText(layout, at: Point(x: centre - layout.width / 2, y: 0), color: color))
            } else {
                // The end of the label, half a line down, sits under the category; then the whole label
                // moves down to start just below the line.
                let anchor = Point(x: layout.width, y: layout.height / 2)
                var text = PlacedText(
                    layout,
                    at: LabelPlacement.origin(
                        placing: anchor, at: Point(x: centre, y: 0),
                        rotation: labels.rotation),
                    color: color, rotation: labels.rotation)
                text.origin.y -= text.box().bounds.y
                candidates.append(text)
            }
        }
        // Thinning by step already clears them in theory; this keeps rounding and odd sizes honest,
        // favouring the current month.
        return clear(candidates, order: Array(candidates.indices.reversed()), gap: gap / 2)
    }
}
