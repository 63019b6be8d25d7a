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

/// PDF structure elements (tagged PDF), as far as Cairo writes them.
public enum StructureTag: String, Hashable, Sendable {
    case heading1 = "H1", heading2 = "H2", heading3 = "H3", paragraph = "P", list = "L", listItem = "LI"
    case table = "Table", tableRow = "TR", tableHeader = "TH", tableCell = "TD", figure = "Figure"
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
