public struct Badge: Sendable {
    public var text: String
    public var fill: Color
    public var textColor: Color
    public var stroke: Stroke?
    /// The words a screen reader speaks for the badge (`ActualText`), when they say more than `text`.
    public var spoken: String?
    public init(_ text: String, fill: Color, textColor: Color, stroke: Stroke? = nil, spoken: String? = nil) {
        self.text = text; self.fill = fill; self.textColor = textColor; self.stroke = stroke; self.spoken = spoken
    }
}

/// Rounded labels in a row (severity, threat type, TLP), wrapping to a new row when the width runs out.
/// Tagged as a `P` of one `Span` per badge; the pills around them are artifacts.
public struct BadgeRow: Block {
    public var badges: [Badge]
    public var style: TextStyle
    public var spaceAfter: Double
    public init(_ badges: [Badge], style: TextStyle, spaceAfter: Double = 8) {
        self.badges = badges; self.style = style; self.spaceAfter = spaceAfter
    }

    public var name: String { "badges '\(badges.map(\.text).joined(separator: ", "))'" }

    public func layout(in region: Region, measurer: TextMeasurer) throws -> LayoutResult {
        let pad = EdgeInsets(vertical: style.size * 0.3, horizontal: style.size * 0.7)
        let gap = style.size * 0.5
        var items: [DrawItem] = []
        var x = 0.0, y = 0.0, rowHeight = 0.0
        for badge in badges {
            let text = measurer.layout(
                badge.text, style: style.with { $0.color = badge.textColor },
                width: region.width - pad.left - pad.right)
            let w = text.width + pad.left + pad.right
            let h = text.height + pad.top + pad.bottom
            if x > 0 && x + w > region.width { x = 0; y += rowHeight + gap; rowHeight = 0 }
            items.append(
                .rect(
                    Rect(x: x, y: y, width: w, height: h), fill: badge.fill, stroke: badge.stroke, cornerRadius: h / 2))
            items.append(
                .group(
                    origin: .zero, tag: .span(actualText: badge.spoken),
                    items: [
                        .text(
                            text, lines: 0..<text.lines.count, origin: Point(x: x + pad.left, y: y + pad.top),
                            color: badge.textColor)
                    ]))
            x += w + gap
            rowHeight = max(rowHeight, h)
        }
        let height = y + rowHeight
        guard height <= region.height else { return .doesNotFit }
        return .fits(Fragment(height: height, items: [.group(origin: .zero, tag: .paragraph, items: items)]))
    }
}
