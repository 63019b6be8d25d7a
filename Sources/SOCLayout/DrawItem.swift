public struct Stroke: Hashable, Sendable {
    public var color: Color
    public var width: Double
    public var dash: [Double]
    public init(color: Color, width: Double = 0.5, dash: [Double] = []) {
        self.color = color; self.width = width; self.dash = dash
    }
}

/// Hatching laid over a fill so that chart series stay apart in greyscale print.
public enum Hatch: String, Hashable, Sendable, CaseIterable {
    case none, diagonal, crossDiagonal, horizontal, vertical, dots
}

public enum PathElement: Hashable, Sendable {
    case move(Point)
    case line(Point)
    case close
}

/// How drawn content appears to assistive technology (tagged PDF, ISO 32000-1 14.8): a structure
/// element of the document's tree, or an artifact readers skip.
public struct StructureTag: Hashable, Sendable {
    public enum Role: String, Hashable, Sendable {
        case document = "Document", heading1 = "H1", heading2 = "H2", heading3 = "H3", paragraph = "P", span = "Span"
        case list = "L", listItem = "LI", label = "Lbl", listBody = "LBody"
        case table = "Table", tableHead = "THead", tableBody = "TBody", tableRow = "TR", tableHeader = "TH", tableCell =
            "TD"
        case figure = "Figure"
        case artifact = "Artifact"
    }
    /// What a header cell heads.
    public enum Scope: String, Hashable, Sendable { case column = "Column", row = "Row" }
    /// Artifacts by their purpose: page headers and footers and repeated table headers are pagination,
    /// rules and boxes layout.
    public enum Artifact: Hashable, Sendable { case header, footer, repeatedHeader, layout }

    public var role: Role
    /// The alternative text of a figure, read instead of its drawing.
    public var alt: String?
    /// The words a reader speaks for the element instead of its glyphs.
    public var actualText: String?
    public var scope: Scope?
    public var artifact: Artifact?
    /// Continues the element the previous page ended with (a paragraph, list or table split across
    /// pages), so the tree holds one element, not one per page.
    public var continues = false

    public init(_ role: Role, alt: String? = nil, actualText: String? = nil, scope: Scope? = nil) {
        self.role = role; self.alt = alt; self.actualText = actualText; self.scope = scope
    }

    public static let heading1 = StructureTag(.heading1), heading2 = StructureTag(.heading2),
        heading3 = StructureTag(.heading3)
    public static let paragraph = StructureTag(.paragraph), list = StructureTag(.list),
        listItem = StructureTag(.listItem)
    public static let label = StructureTag(.label), listBody = StructureTag(.listBody)
    public static let table = StructureTag(.table), tableHead = StructureTag(.tableHead),
        tableBody = StructureTag(.tableBody)
    public static let tableRow = StructureTag(.tableRow), tableCell = StructureTag(.tableCell)
    public static func tableHeader(_ scope: Scope) -> StructureTag { StructureTag(.tableHeader, scope: scope) }
    public static func figure(alt: String) -> StructureTag { StructureTag(.figure, alt: alt) }
    public static func span(actualText: String?) -> StructureTag { StructureTag(.span, actualText: actualText) }
    public static func artifact(_ kind: Artifact) -> StructureTag {
        var tag = StructureTag(.artifact)
        tag.artifact = kind
        return tag
    }

    /// This tag, continuing the previous page's element when `yes`.
    public func continuing(_ yes: Bool) -> StructureTag {
        var tag = self
        tag.continues = yes
        return tag
    }
}

/// What layout produces and a backend draws; coordinates are relative to the enclosing group.
public enum DrawItem {
    /// Lines `lines` of a measured text, the first line's top at `origin`; `rotation` in radians about `origin`.
    case text(TextLayout, lines: Range<Int>, origin: Point, color: Color, rotation: Double = 0)
    case rect(Rect, fill: Color?, stroke: Stroke?, cornerRadius: Double = 0, hatch: Hatch = .none)
    case path([PathElement], fill: Color?, stroke: Stroke?, hatch: Hatch = .none)
    case circle(center: Point, radius: Double, fill: Color?, stroke: Stroke?)
    /// Items moved by `origin`, optionally wrapped in a structure element.
    case group(origin: Point, tag: StructureTag?, items: [DrawItem])
    /// A bookmark in the document outline pointing here.
    case outline(title: String, level: Int)
}

extension DrawItem {
    public static func line(_ from: Point, _ to: Point, _ stroke: Stroke) -> DrawItem {
        .path([.move(from), .line(to)], fill: nil, stroke: stroke)
    }
}
