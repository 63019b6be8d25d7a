/// Another block inside one structure element (a list around its items): the parts a split leaves on
/// later pages continue the same element.
public struct Tagged: Block {
    public var tag: StructureTag
    public var content: any Block

    public init(_ tag: StructureTag, _ content: any Block) { self.tag = tag; self.content = content }

    public var name: String { content.name }
    public var spaceBefore: Double { content.spaceBefore }
    public var spaceAfter: Double { content.spaceAfter }
    public var keepsWithNext: Bool { content.keepsWithNext }

    public func layout(in region: Region, measurer: TextMeasurer) throws -> LayoutResult {
        switch try content.layout(in: region, measurer: measurer) {
        case .fits(let f): return .fits(wrapped(f))
        case .split(let f, let rest): return .split(wrapped(f), rest: Tagged(tag.continuing(true), rest))
        case .doesNotFit: return .doesNotFit
        }
    }

    private func wrapped(_ f: Fragment) -> Fragment {
        Fragment(height: f.height, items: [.group(origin: .zero, tag: tag, items: f.items)], breaksPage: f.breaksPage)
    }
}
