public struct PageSpec: Sendable {
    public var size: Size
    /// The body area; the header and footer are drawn in the margins.
    public var margins: EdgeInsets
    public init(size: Size = .a4, margins: EdgeInsets) { self.size = size; self.margins = margins }
    public var body: Rect {
        Rect(
            x: margins.left, y: margins.top, width: size.width - margins.left - margins.right,
            height: size.height - margins.top - margins.bottom)
    }
}

public struct Page {
    public var number: Int
    /// Items in page coordinates: the body group, then the header and footer.
    public var items: [DrawItem]
}

/// Draws what every page repeats (header, footer); it learns the page count only after pagination.
public protocol PageDecorator {
    func items(forPage number: Int, of count: Int, spec: PageSpec, measurer: TextMeasurer) -> [DrawItem]
}

public enum Paginator {
    /// Flows `blocks` onto pages. Throws `LayoutError` instead of looping when a block can never fit.
    public static func paginate(
        _ blocks: [any Block], spec: PageSpec, measurer: TextMeasurer,
        decorator: PageDecorator? = nil, pageLimit: Int = 5_000
    ) throws -> [Page] {
        let body = spec.body
        var bodies: [Fragment] = []
        var pending: (any Block)? = Stack(blocks, name: "document")
        while let block = pending {
            guard bodies.count < pageLimit else { throw LayoutError.tooManyPages(limit: pageLimit) }
            let region = Region(width: body.width, height: body.height, isFreshPage: true)
            switch try block.layout(in: region, measurer: measurer) {
            case .fits(let f):
                bodies.append(f)
                pending = nil
            case .split(let f, let rest):
                if f.height <= 0 && f.items.isEmpty { throw LayoutError.noProgress(block: rest.name) }
                bodies.append(f)
                pending = rest
            case .doesNotFit:
                throw LayoutError.tooLarge(block: block.name, needed: nil, available: body.height)
            }
        }
        let count = bodies.count
        return bodies.enumerated().map { i, f in
            var items: [DrawItem] = [.group(origin: Point(x: body.x, y: body.y), tag: nil, items: f.items)]
            if let decorator {
                items += decorator.items(forPage: i + 1, of: count, spec: spec, measurer: measurer)
            }
            return Page(number: i + 1, items: items)
        }
    }
}
