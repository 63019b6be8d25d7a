/// A section heading: kept on the page of what follows it, bookmarked in the outline, tagged H1–H3.
public struct Heading: Block {
    public var text: String
    public var level: Int
    public var style: TextStyle
    public var rule: Stroke?
    public var spaceBefore: Double
    public var spaceAfter: Double

    public init(
        _ text: String, level: Int, style: TextStyle, rule: Stroke? = nil, spaceBefore: Double = 12,
        spaceAfter: Double = 6
    ) {
        self.text = text; self.level = level; self.style = style; self.rule = rule
        self.spaceBefore = spaceBefore; self.spaceAfter = spaceAfter
    }

    public var name: String { "heading '\(excerpt(text))'" }
    public var keepsWithNext: Bool { true }

    public func layout(in region: Region, measurer: TextMeasurer) throws -> LayoutResult {
        let layout = measurer.layout(text, style: style, width: region.width)
        let ruleGap = rule == nil ? 0 : 3.0
        let height = layout.height + ruleGap + (rule?.width ?? 0)
        guard height <= region.height else { return .doesNotFit }
        var items: [DrawItem] = [
            .outline(title: text, level: level),
            .group(
                origin: .zero, tag: [.heading1, .heading2, .heading3][min(max(level, 1), 3) - 1],
                items: [.text(layout, lines: 0..<layout.lines.count, origin: .zero, color: style.color)]),
        ]
        if let rule {
            let y = layout.height + ruleGap
            items.append(.line(Point(x: 0, y: y), Point(x: region.width, y: y), rule))
        }
        return .fits(Fragment(height: height, items: items))
    }
}

/// A bulleted or numbered list; each item is a paragraph with a hanging marker. Tagged `L`, one element
/// however many pages it spans.
public struct ListBlock: Block {
    public var items: [String]
    public var ordered: Bool
    public var style: TextStyle
    public var spaceAfter: Double

    public init(_ items: [String], ordered: Bool = false, style: TextStyle, spaceAfter: Double = 6) {
        self.items = items; self.ordered = ordered; self.style = style; self.spaceAfter = spaceAfter
    }

    public var name: String { "list '\(excerpt(items.first ?? ""))'" }

    public func layout(in region: Region, measurer: TextMeasurer) throws -> LayoutResult {
        let inset = style.size * (ordered ? 2.2 : 1.3)
        let paragraphs: [any Block] = items.enumerated().map { i, text in
            Paragraph(
                text, style: style, inset: inset, marker: ordered ? "\(i + 1)." : "•", tag: .listItem, spaceAfter: 2)
        }
        return try Tagged(.list, Stack(paragraphs, name: name, spaceAfter: spaceAfter)).layout(
            in: region, measurer: measurer)
    }
}
