import Foundation
import SOCLayout

/// Decisions on where labels go, made from their measured sizes: level, slanted, thinned or wrapped.
public enum LabelPlacement {
    /// Slanted labels rise to the right at 45°, ending under their tick.
    public static let slant = -Double.pi / 4

    /// How a row of category labels (months) is drawn under an axis.
    public struct AxisLabels: Hashable, Sendable {
        /// 0, or `slant`.
        public var rotation: Double
        /// Every `step`-th label is drawn, counting back from the last, so the current month always shows.
        public var step: Int
        public init(rotation: Double, step: Int) { self.rotation = rotation; self.step = max(1, step) }
        public func shows(_ index: Int, of count: Int) -> Bool { (count - 1 - index) % step == 0 }
    }

    /// Level when the widest label fits its slot (the distance between category centres) with `gap` to
    /// spare. Otherwise slanted, when that shows more labels than thinning level ones and the slant's
    /// depth fits in `maxDepth`. Otherwise level, thinned until labels clear each other.
    public static func axisLabels(
        widths: [Double], lineHeight: Double, slot: Double, gap: Double,
        maxDepth: Double
    ) -> AxisLabels {
        let widest = widths.max() ?? 0
        guard slot > 0 else { return AxisLabels(rotation: 0, step: widths.count) }
        let levelStep = steps(needed: widest + gap, per: slot)
        if levelStep == 1 { return AxisLabels(rotation: 0, step: 1) }
        // Parallel slanted labels clear each other when the distance between their baselines,
        // slot × sin 45°, takes a line and the gap.
        let sine = sin(-slant)
        let slantStep = steps(needed: lineHeight + gap, per: slot * sine)
        if slantStep < levelStep && (widest + lineHeight) * sine <= maxDepth {
            return AxisLabels(rotation: slant, step: slantStep)
        }
        return AxisLabels(rotation: 0, step: levelStep)
    }

    /// Width for a column of labels beside a plot: the widest label unwrapped, but at most `limit`, so
    /// long labels wrap onto more lines instead of squeezing the plot.
    public static func columnWidth(naturalWidths: [Double], limit: Double) -> Double {
        max(1, min(naturalWidths.max() ?? 0, limit))
    }

    /// For each candidate, taken in `order` (most important first), the index of the first of its
    /// placements that clears every obstacle and every placement chosen before it; candidates with no
    /// clear placement are left out. The last resort against overlap.
    public static func choose(_ candidates: [[LabelBox]], order: [Int], obstacles: [LabelBox] = []) -> [Int: Int] {
        var chosen: [Int: Int] = [:]
        var taken = obstacles
        for i in order {
            guard let k = candidates[i].firstIndex(where: { box in !taken.contains { $0.intersects(box) } }) else {
                continue
            }
            chosen[i] = k
            taken.append(candidates[i][k])
        }
        return chosen
    }

    /// Indices of the candidates kept, each having a single placement (see `choose`).
    public static func thin(_ candidates: [LabelBox], order: [Int], obstacles: [LabelBox] = []) -> Set<Int> {
        Set(choose(candidates.map { [$0] }, order: order, obstacles: obstacles).keys)
    }

    /// The origin that puts `point` of a text (in the text's own, unturned coordinates) at `anchor` once
    /// the text is turned by `rotation` about its origin.
    public static func origin(placing point: Point, at anchor: Point, rotation: Double) -> Point {
        let (c, s) = (cos(rotation), sin(rotation))
        return Point(x: anchor.x - (point.x * c - point.y * s), y: anchor.y - (point.x * s + point.y * c))
    }

    private static func steps(needed: Double, per: Double) -> Int {
        max(1, Int((needed / per - 1e-9).rounded(.up)))
    }
}
