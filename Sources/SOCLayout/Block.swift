/// The room a block is offered: its width, the height left on the page, and whether nothing has been
/// placed on the page yet (a block that does not fit a fresh page will never fit anywhere).
public struct Region: Sendable {
    public var width: Double
    public var height: Double
    public var isFreshPage: Bool
    public init(width: Double, height: Double, isFreshPage: Bool) {
        self.width = width; self.height = height; self.isFreshPage = isFreshPage
    }
}

/// A placed piece of a block: its height and the items to draw, relative to its top-left corner.
public struct Fragment {
    public var height: Double
    public var items: [DrawItem]
    /// Ends the page after this fragment (an explicit page break).
    public var breaksPage: Bool
    public init(height: Double, items: [DrawItem], breaksPage: Bool = false) {
        self.height = height; self.items = items; self.breaksPage = breaksPage
    }
}

public enum LayoutResult {
    /// The whole block fits.
    case fits(Fragment)
    /// `fragment` fits here; `rest` goes on the next page.
    case split(Fragment, rest: any Block)
    /// Nothing of the block fits in the region.
    case doesNotFit
}

/// Content that can be measured in a region, split where it does not fit, and drawn.
/// Blocks are values: laying one out never changes it, so a layout can be tried and retried.
public protocol Block {
    /// Names the block in errors ("table 'Log records'", "paragraph 'The attacker…'").
    var name: String { get }
    var spaceBefore: Double { get }
    var spaceAfter: Double { get }
    /// Keep on the same page as the start of the following block (headings).
    var keepsWithNext: Bool { get }
    func layout(in region: Region, measurer: TextMeasurer) throws -> LayoutResult
}

extension Block {
    public var spaceBefore: Double { 0 }
    public var spaceAfter: Double { 6 }
    public var keepsWithNext: Bool { false }
}

public enum LayoutError: Error, CustomStringConvertible, Equatable {
    /// The block cannot fit even an empty page.
    case tooLarge(block: String, needed: Double?, available: Double)
    /// Layout made no progress on an empty page; stopping instead of looping forever.
    case noProgress(block: String)
    case tooManyPages(limit: Int)

    public var description: String {
        switch self {
        case let .tooLarge(block, needed, available):
            let need = needed.map { " (needs \(Int($0.rounded(.up))) pt" } ?? " ("
            return
                "\(block) does not fit on an empty page\(need == " (" ? "(" : need + ", ")only \(Int(available)) pt available)"
        case let .noProgress(block):
            return "\(block) makes no progress on an empty page"
        case let .tooManyPages(limit):
            return "the document would exceed \(limit) pages"
        }
    }
}

/// A short, single-line description of text for error messages.
func excerpt(_ text: String, max: Int = 32) -> String {
    let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
    return flat.count > max ? String(flat.prefix(max)) + "…" : flat
}
