import Foundation

/// A value axis in powers of ten, for quantities spanning many orders of magnitude (the funnel runs from
/// hundreds of millions of log records down to a handful of incidents).
public struct LogScale: Hashable, Sendable {
    /// 10^lowerDecade is at or below the smallest positive value.
    public let lowerDecade: Int
    /// 10^upperDecade is at or above the largest value; always above `lowerDecade`.
    public let upperDecade: Int

    /// Values that are 0, negative or not finite have no logarithm and are left out; with none left the
    /// axis runs from 1 to 10.
    public init(values: [Double]) {
        let positive = values.filter { $0.isFinite && $0 > 0 }
        // The tolerance keeps exact powers of ten (log10(1000) may come out as 2.9999999999999996) on their decade.
        let low = positive.min().map { Int((log10($0) + 1e-9).rounded(.down)) } ?? 0
        let high = positive.max().map { Int((log10($0) - 1e-9).rounded(.up)) } ?? 1
        lowerDecade = low
        upperDecade = max(high, low + 1)
    }

    /// Exponents of the gridlines, lowest first.
    public var decades: [Int] { Array(lowerDecade...upperDecade) }

    /// The axis starts half a decade below the lowest decade, so the smallest value still gets a visible
    /// bar (on a log axis starting at 1, a count of 1 would have length 0).
    public var origin: Double { Double(lowerDecade) - 0.5 }

    /// Where `value` falls along the axis, 0…1. Zero and negative values map to 0 instead of -∞.
    public func fraction(_ value: Double) -> Double {
        guard value.isFinite, value > 0 else { return 0 }
        return min(max((log10(value) - origin) / (Double(upperDecade) - origin), 0), 1)
    }
}
