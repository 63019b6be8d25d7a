/// Blocks one below the other, with the larger of adjacent spacings between them. A document is a
/// stack; so is the inside of a callout. Splits between children, or inside the child that overflows.
public struct Stack: Block {
    public var children: [any Block]
    public var name: String
    public var spaceBefore: Double
    public var spaceAfter: Double

    public init(_ children: [any Block], name: String = "section", spaceBefore: Double = 0, spaceAfter: Double = 6) {
        self.children = children; self.name = name; self.spaceBefore = spaceBefore; self.spaceAfter = spaceAfter
    }

    public func layout(in region: Region, measurer: TextMeasurer) throws -> LayoutResult {
        var items: [DrawItem] = []
        var y = 0.0
        var previousSpaceAfter: Double? = nil // nil: nothing placed yet
        var index = 0

        func fragment() -> Fragment { Fragment(height: y, items: items) }
        func rest(from i: Int, replacingWith first: (any Block)? = nil) -> Stack {
            var remaining = Array(children[i...])
            if let first { remaining[0] = first }
            return Stack(remaining, name: name, spaceBefore: 0, spaceAfter: spaceAfter)
        }

        while index < children.count {
            let child = children[index]
            let placedAny = previousSpaceAfter != nil
            let gap = placedAny ? max(previousSpaceAfter!, child.spaceBefore) : 0
            let fresh = region.isFreshPage && !placedAny
            let available = region.height - y - gap
            let result =
                available > 0
                ? try child.layout(
                    in: Region(width: region.width, height: available, isFreshPage: fresh), measurer: measurer)
                : .doesNotFit

            switch result {
            case .fits(let f):
                if !fresh, child.keepsWithNext, index + 1 < children.count,
                    try !startFits(from: index + 1, below: y + gap + f.height, region: region, measurer: measurer)
                {
                    if !placedAny { return .doesNotFit }
                    return .split(fragment(), rest: rest(from: index))
                }
                items.append(.group(origin: Point(x: 0, y: y + gap), tag: nil, items: f.items))
                y += gap + f.height
                previousSpaceAfter = child.spaceAfter
                index += 1
                if f.breaksPage && index < children.count {
                    return .split(fragment(), rest: rest(from: index))
                }
            case .split(let f, let childRest):
                if fresh && f.height <= 0 && f.items.isEmpty { throw LayoutError.noProgress(block: child.name) }
                items.append(.group(origin: Point(x: 0, y: y + gap), tag: nil, items: f.items))
                y += gap + f.height
                return .split(fragment(), rest: rest(from: index, replacingWith: childRest))
            case .doesNotFit:
                if fresh {
                    throw LayoutError.tooLarge(block: child.name, needed: nil, available: region.height)
                }
                if !placedAny { return .doesNotFit }
                return .split(fragment(), rest: rest(from: index))
            }
        }
        return .fits(fragment())
    }

    /// Whether the start of the block at `index` fits below `top`; when that block too keeps with its
    /// successor (a section heading followed by a subheading), the chain is followed.
    private func startFits(from index: Int, below top: Double, region: Region, measurer: TextMeasurer) throws -> Bool {
        let next = children[index]
        let offset = top + max(0, next.spaceBefore)
        let left = region.height - offset
        guard left > 0 else { return false }
        switch try next.layout(in: Region(width: region.width, height: left, isFreshPage: false), measurer: measurer) {
        case .doesNotFit:
            return false
        case .split:
            return true
        case .fits(let f):
            guard next.keepsWithNext, index + 1 < children.count else { return true }
            return try startFits(from: index + 1, below: offset + f.height, region: region, measurer: measurer)
        }
    }
}

/// Ends the page here.
public struct PageBreak: Block {
    public init() {}
    public var name: String { "page break" }
    public var spaceAfter: Double { 0 }
    public func layout(in region: Region, measurer: TextMeasurer) throws -> LayoutResult {
        .fits(Fragment(height: 0, items: [], breaksPage: true))
    }
}

/// Fixed vertical space; dropped at a page end rather than pushed to the next page.
public struct Spacer: Block {
    public var height: Double
    public init(_ height: Double) { self.height = height }
    public var name: String { "spacer" }
    public var spaceAfter: Double { 0 }
    public func layout(in region: Region, measurer: TextMeasurer) throws -> LayoutResult {
        .fits(Fragment(height: min(height, region.height), items: []))
    }
}
