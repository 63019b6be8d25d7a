import Foundation
import SOCLayout

/// A chart's items flattened into chart coordinates, for inspection.
struct Drawn {
    struct Text {
        let string: String
        let layout: FakeLayout
        let origin: Point
        let rotation: Double
        let size: Size
        let color: Color
        /// Corners of the turned line box, computed here independently of the charts' own geometry.
        var corners: [Point] {
            let (c, s) = (cos(rotation), sin(rotation))
            return [(0.0, 0.0), (size.width, 0), (size.width, size.height), (0, size.height)].map { x, y in
                Point(x: origin.x + x * c - y * s, y: origin.y + x * s + y * c)
            }
        }
        var bounds: Rect { boundsOf(corners) }
        var centerY: Double { bounds.y + bounds.height / 2 }
    }
    struct Shape {
        enum Kind: Equatable { case rect, path, circle }
        let kind: Kind
        let bounds: Rect
        let fill: Color?
        let stroke: Stroke?
        let hatch: Hatch
    }

    var texts: [Text] = []
    var shapes: [Shape] = []
    var tags: [StructureTag] = []

    init(_ items: [DrawItem]) { add(items, at: .zero) }

    var rects: [Shape] { shapes.filter { $0.kind == .rect } }
    func texts(_ string: String) -> [Text] { texts.filter { $0.string == string } }
    func text(_ string: String) -> Text? { texts.first { $0.string == string } }
    /// Texts measured with `style` (charts lay every text out left-aligned, as the styles here are).
    func texts(styled style: TextStyle) -> [Text] { texts.filter { $0.layout.style == style } }

    /// The filled key (swatch or marker) drawn nearest left of each legend name, on its row.
    func legendKeys(_ names: [String]) -> [Shape?] {
        names.map { name in
            guard let text = text(name) else { return nil }
            return shapes.filter {
                $0.fill != nil && abs(($0.bounds.y + $0.bounds.height / 2) - text.centerY) < text.size.height / 2
                    && $0.bounds.maxX <= text.origin.x
            }.max { $0.bounds.maxX < $1.bounds.maxX }
        }
    }

    private mutating func add(_ items: [DrawItem], at o: Point) {
        for item in items {
            switch item {
            case let .text(layout, lines, origin, color, rotation):
                let fake = layout as! FakeLayout
                let size = Size(width: fake.lines[lines].map(\.width).max() ?? 0, height: fake.height(of: lines))
                texts.append(
                    Text(
                        string: fake.lineTexts[lines].joined(), layout: fake,
                        origin: Point(x: o.x + origin.x, y: o.y + origin.y), rotation: rotation, size: size,
                        color: color))
            case let .rect(rect, fill, stroke, _, hatch):
                shapes.append(
                    Shape(
                        kind: .rect,
                        bounds: Rect(x: o.x + rect.x, y: o.y + rect.y, width: rect.width, height: rect.height),
                        fill: fill, stroke: stroke, hatch: hatch))
            case let .path(elements, fill, stroke, hatch):
                let points = elements.compactMap { e -> Point? in
                    switch e {
                    case .move(let p), .line(let p): Point(x: o.x + p.x, y: o.y + p.y);
                    case .close: nil
                    }
                }
                shapes.append(Shape(kind: .path, bounds: boundsOf(points), fill: fill, stroke: stroke, hatch: hatch))
            case let .circle(center, radius, fill, stroke):
                shapes.append(
                    Shape(
                        kind: .circle,
                        bounds: Rect(
                            x: o.x + center.x - radius, y: o.y + center.y - radius,
                            width: radius * 2, height: radius * 2),
                        fill: fill, stroke: stroke, hatch: .none))
            case let .group(origin, tag, items):
                if let tag { tags.append(tag) }
                add(items, at: Point(x: o.x + origin.x, y: o.y + origin.y))
            case .outline:
                break
            }
        }
    }

    /// Every item's box inside `width` × `height` (strokes may reach half their width beyond a shape).
    func outside(width: Double, height: Double) -> [String] {
        let box = Rect(x: 0, y: 0, width: width, height: height)
        var out: [String] = []
        for t in texts where !contains(box, t.bounds, slack: 0.01) { out.append("text '\(t.string)' at \(t.bounds)") }
        for s in shapes where !contains(box, s.bounds, slack: (s.stroke?.width ?? 0) / 2 + 0.01) {
            out.append("\(s.kind) at \(s.bounds)")
        }
        return out
    }

    /// Pairs of texts whose turned line boxes overlap.
    var overlappingTexts: [String] {
        var pairs: [String] = []
        for i in texts.indices {
            for j in texts.indices where j > i && polygonsOverlap(texts[i].corners, texts[j].corners) {
                pairs.append("'\(texts[i].string)' \(texts[i].bounds) × '\(texts[j].string)' \(texts[j].bounds)")
            }
        }
        return pairs
    }
}

extension Rect {
    var midX: Double { x + width / 2 }
}

func boundsOf(_ points: [Point]) -> Rect {
    guard let first = points.first else { return Rect(x: 0, y: 0, width: 0, height: 0) }
    var minX = first.x, maxX = first.x, minY = first.y, maxY = first.y
    for p in points { minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y) }
    return Rect(x: minX, y: minY, width: maxX - minX, height: maxY - minY)
}

func contains(_ outer: Rect, _ inner: Rect, slack: Double) -> Bool {
    inner.x >= outer.x - slack && inner.y >= outer.y - slack && inner.maxX <= outer.maxX + slack
        && inner.maxY <= outer.maxY + slack
}

/// Convex polygons overlap when no edge normal of either separates them (touching does not count).
func polygonsOverlap(_ a: [Point], _ b: [Point]) -> Bool {
    for polygon in [a, b] {
        for i in polygon.indices {
            let p = polygon[i], q = polygon[(i + 1) % polygon.count]
            let normal = (x: q.y - p.y, y: p.x - q.x)
            let pa = a.map { $0.x * normal.x + $0.y * normal.y }, pb = b.map { $0.x * normal.x + $0.y * normal.y }
            if pa.max()! <= pb.min()! + 1e-6 || pb.max()! <= pa.min()! + 1e-6 { return false }
        }
    }
    return true
}

func approx(_ a: Double, _ b: Double, _ tolerance: Double = 1e-6) -> Bool { abs(a - b) <= tolerance }
