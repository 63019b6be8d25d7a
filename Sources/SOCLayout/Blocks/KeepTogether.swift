/// Keeps its blocks on one page, moving them to the next when they would be split; only content taller
/// than a whole page is split.
public struct KeepTogether: Block {
    public let content: Stack
    public let spaceBefore: Double
    public let spaceAfter: Double
    public let keepsWithNext: Bool

    public init(
        _ children: [any Block], name: String, spaceBefore: Double = 0, spaceAfter: Double = 6,
        keepsWithNext: Bool = false
    ) {
        content = Stack(children, name: name, spaceAfter: spaceAfter)
        self.spaceBefore = spaceBefore; self.spaceAfter = spaceAfter; self.keepsWithNext = keepsWithNext
    }

    public var name: String { content.name }

    public func layout(in region: Region, measurer: TextMeasurer) throws -> LayoutResult {
        let result = try content.layout(in: region, measurer: measurer)
        if case .split = result, !region.isFreshPage { return .doesNotFit }
        return result
    }
}
