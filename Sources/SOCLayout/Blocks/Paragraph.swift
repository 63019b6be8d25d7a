/// Wrapped text, split between lines across pages. With a `marker` it is a list item: the marker
/// hangs in the inset left of the first line, and it is tagged `LI` holding `Lbl` (the marker) and `LBody`.
/// A paragraph split across pages stays one element of the structure tree.
public struct Paragraph: Block {
    public var text: String
    public var style: TextStyle
    public var inset: Double
    public var marker: String?
    public var tag: StructureTag
    public var spaceBefore: Double
    public var spaceAfter: Double
    /// The layout already measured and the first line still to place, when this is the rest of a split.
    private var continuation: (layout: TextLayout, firstLine: Int)?

    public init(
        _ text: String, style: TextStyle, inset: Double = 0, marker: String? = nil,
        tag: StructureTag = .paragraph, spaceBefore: Double = 0, spaceAfter: Double = 5
    ) {
        self.text = text; self.style = style; self.inset = inset; self.marker = marker; self.tag = tag
        self.spaceBefore = spaceBefore; self.spaceAfter = spaceAfter
    }

    /// One paragraph per blank-line-separated part of `text`, as the contract's free text defines.
    public static func paragraphs(_ text: String, style: TextStyle, spaceAfter: Double = 5) -> [Paragraph] {
        splitParagraphs(text).map { Paragraph($0, style: style, spaceAfter: spaceAfter) }
    }

    public var name: String { "paragraph '\(excerpt(text))'" }

    public func layout(in region: Region, measurer: TextMeasurer) throws -> LayoutResult {
        let layout = continuation?.layout ?? measurer.layout(text, style: style, width: max(1, region.width - inset))
        let first = continuation?.firstLine ?? 0
        let lines = layout.lines
        guard first < lines.count else { return .fits(Fragment(height: 0, items: [])) }

        var fitting = 0
        while first + fitting < lines.count, layout.height(of: first..<(first + fitting + 1)) <= region.height + 0.01 {
            fitting += 1
        }
        let remaining = lines.count - first
        let markerLayout = first == 0 ? marker.map { measurer.layout($0, style: style, width: nil) } : nil
        if fitting == remaining { return .fits(fragment(layout, first..<lines.count, marker: markerLayout)) }
        // Keep at least two lines together at either side of a break when the page allows it.
        if !region.isFreshPage {
            if remaining >= 4 { fitting = min(fitting, remaining - 2) }
            if fitting < 2 && remaining >= 2 { fitting = 0 }
        }
        guard fitting > 0 else { return .doesNotFit }
        var rest = self
        rest.continuation = (layout, first + fitting)
        rest.spaceBefore = 0
        return .split(fragment(layout, first..<(first + fitting), marker: markerLayout), rest: rest)
    }

    private func fragment(_ layout: TextLayout, _ range: Range<Int>, marker: TextLayout?) -> Fragment {
        let continues = range.lowerBound > 0
        let text = DrawItem.text(layout, lines: range, origin: Point(x: inset, y: 0), color: style.color)
        guard self.marker != nil else {
            return Fragment(
                height: layout.height(of: range),
                items: [.group(origin: .zero, tag: tag.continuing(continues), items: [text])])
        }
        var items: [DrawItem] = []
        if let marker {
            items.append(
                .group(
                    origin: .zero, tag: .label,
                    items: [.text(marker, lines: 0..<min(1, marker.lines.count), origin: .zero, color: style.color)]))
        }
        items.append(.group(origin: .zero, tag: StructureTag.listBody.continuing(continues), items: [text]))
        return Fragment(
            height: layout.height(of: range),
            items: [.group(origin: .zero, tag: tag.continuing(continues), items: items)])
    }
}

/// Splits free text at blank lines; single line breaks stay inside a paragraph.
public func splitParagraphs(_ text: String) -> [String] {
    var parts: [String] = []
    var current: [Substring] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.allSatisfy(\.isWhitespace) {
            if !current.isEmpty { parts.append(current.joined(separator: "\n")); current = [] }
        } else {
            current.append(line)
        }
    }
    if !current.isEmpty { parts.append(current.joined(separator: "\n")) }
    return parts
}
