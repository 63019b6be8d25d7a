import SOCLayout

/// Shapes of line-chart point markers; lines stay apart in greyscale print by their markers.
public enum MarkerShape: String, Hashable, Sendable, CaseIterable {
    case circle, square, triangle, diamond, triangleDown, cross

    /// The marker centred on `center`, fitting a circle of `radius`.
    func item(at center: Point, radius r: Double, fill: Color, stroke: Stroke?) -> DrawItem {
        func polygon(_ points: [(Double, Double)]) -> DrawItem {
            let elements = points.enumerated().map { i, p -> PathElement in
                let point = Point(x: center.x + p.0 * r, y: center.y + p.1 * r)
                return i == 0 ? .move(point) : .line(point)
            }
            return .path(elements + [.close], fill: fill, stroke: stroke)
        }
        switch self {
        case .circle:
            return .circle(center: center, radius: r, fill: fill, stroke: stroke)
        case .square:
            return .rect(
                Rect(x: center.x - r * 0.85, y: center.y - r * 0.85, width: r * 1.7, height: r * 1.7),
                fill: fill, stroke: stroke)
        case .triangle:
            return polygon([(0, -1), (0.95, 0.7), (-0.95, 0.7)])
        case .triangleDown:
            return polygon([(0, 1), (0.95, -0.7), (-0.95, -0.7)])
        case .diamond:
            return polygon([(0, -1), (1, 0), (0, 1), (-1, 0)])
        case .cross:
            let t = 0.35
            return polygon([
                (-t, -1), (t, -1), (t, -t), (1, -t), (1, t), (t, t), (t, 1), (-t, 1), (-t, t), (-1, t), (-1, -t),
                (-t, -t),
            ])
        }
    }
}
