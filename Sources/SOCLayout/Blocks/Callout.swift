/// A shaded box with a coloured bar on its left, holding other blocks; splits across pages with its
/// content, drawing the box around each part.
public struct Callout: Block {
    public var content: Stack
    public var fill: Color
    public var accent: Color
    public var padding: EdgeInsets
    public var spaceBefore: Double
    public var spaceAfter: Double
    static let barWidth = 3.0

    public init(
        _ children: [any Block], name: String, fill: Color, accent: Color,
        padding: EdgeInsets = EdgeInsets(vertical: 6, horizontal: 8), spaceBefore: Double = 2, spaceAfter: Double = 8
    ) {
        self.content = Stack(children, name: name)
        self.fill = fill; self.accent = accent; self.padding = padding
        self.spaceBefore = spaceBefore; self.spaceAfter = spaceAfter
    }

    public var name: String { "box '\(content.name)'" }

    public func layout(in region: Region, measurer: TextMeasurer) throws -> LayoutResult {
        let inner = Region(
            width: region.width - padding.left - padding.right - Self.barWidth,
            height: region.height - padding.top - padding.bottom, isFreshPage: region.isFreshPage)
        guard inner.height > 0 else { return .doesNotFit }
        switch try content.layout(in: inner, measurer: measurer) {
        case .fits(let f):
            return .fits(boxed(f, width: region.width))
        case .split(let f, let rest):
            var next = self
            next.content = rest as? Stack ?? Stack([rest], name: content.name)
            next.spaceBefore = 0
            return .split(boxed(f, width: region.width), rest: next)
        case .doesNotFit:
            return .doesNotFit
        }
    }

    private func boxed(_ f: Fragment, width: Double) -> Fragment {
        let height = f.height + padding.top + padding.bottom
        return Fragment(
            height: height,
            items: [
                .rect(Rect(x: 0, y: 0, width: width, height: height), fill: fill, stroke: nil),
                .rect(Rect(x: 0, y: 0, width: Self.barWidth, height: height), fill: accent, stroke: nil),
                .group(origin: Point(x: Self.barWidth + padding.left, y: padding.top), tag: nil, items: f.items),
            ])
    }
}
