import Foundation
import SOCLayout

/// The footprint of a drawn text: its line box turned by the text's rotation about its origin. Overlap is
/// tested on these turned rectangles rather than their upright bounds, so labels slanted side by side
/// count as clear of each other when their ink is.
public struct LabelBox: Hashable, Sendable {
    /// Top-left, top-right, bottom-right, bottom-left of the text, after rotation.
    public let corners: [Point]

    /// A `size` text whose top-left is at `origin`, turned by `rotation` radians about it (y grows
    /// downwards, so a negative angle slants the text upwards), enlarged by `padding` on every side.
    public init(origin: Point, size: Size, rotation: Double = 0, padding: Double = 0) {
        let (c, s) = (cos(rotation), sin(rotation))
        corners = [
            (-padding, -padding), (size.width + padding, -padding),
            (size.width + padding, size.height + padding), (-padding, size.height + padding),
        ].map { x, y in
            Point(x: origin.x + x * c - y * s, y: origin.y + x * s + y * c)
        }
    }

    /// The upright rectangle around the box.
    public var bounds: Rect {
        let xs = corners.map(\.x), ys = corners.map(\.y)
        return Rect(x: xs.min()!, y: ys.min()!, width: xs.max()! - xs.min()!, height: ys.max()! - ys.min()!)
    }

    /// Whether the two boxes share more than an edge (separating-axis test on both boxes' edges).
    public func intersects(_ other: LabelBox) -> Bool {
        for box in [self, other] {
            for i in 0..<2 {
                let axis = Point(x: box.corners[i + 1].y - box.corners[i].y, y: box.corners[i].x - box.corners[i + 1].x)
                let a = corners.map { $0.x * axis.x + $0.y * axis.y }
                let b = other.corners.map { $0.x * axis.x + $0.y * axis.y }
                let tolerance = 1e-9 * max(1, abs(axis.x) + abs(axis.y))
                if a.max()! <= b.min()! + tolerance || b.max()! <= a.min()! + tolerance { return false }
            }
        }
        return true
    }
}
