import Foundation

/// A value axis from 0 up to a round maximum, ticked every 1, 2 or 5 × 10ⁿ so tick labels read as round
/// numbers. Charted values are counts and levels, never negative, so the axis always starts at 0 and a
/// bar's length stays proportional to its value.
public struct LinearScale: Hashable, Sendable {
    public let step: Double
    /// From 0 to `maximum`, `step` apart.
    public let ticks: [Double]
    /// Decimals a tick label needs: 0 for steps of 1 or more, 1 for 0.5, 2 for 0.02.
    public let fractionDigits: Int

    /// `maxValue` is the largest value shown (negative and non-finite values count as 0); `maxTicks`
    /// includes the tick at 0. `integerOnly` keeps the step at 1 or more, for counts (no "2.5 incidents").
    /// When every value is 0 the axis still runs to 1 (5 for integers), so the chart keeps its grid.
    public init(maxValue: Double, maxTicks: Int = 6, integerOnly: Bool = false) {
        let top = maxValue.isFinite && maxValue > 0 ? maxValue : (integerOnly ? 5 : 1)
        let intervals = max(maxTicks, 2) - 1
        var exponent = Int(log10(top / Double(intervals)).rounded(.down))
        var mantissa = 1
        // Terminates: at 10 × the starting power the step exceeds top / intervals.
        search: while true {
            for m in [1, 2, 5] {
                let step = Self.value(m, exponent)
                if integerOnly && step < 1 { continue }
                if Self.intervals(top, step) <= intervals { mantissa = m; break search }
            }
            exponent += 1
        }
        step = Self.value(mantissa, exponent)
        // Each tick from integers, not by repeated addition, so 0.6 is 0.6 and not 0.6000000000000001.
        ticks = (0...Self.intervals(top, step)).map { Self.value($0 * mantissa, exponent) }
        fractionDigits = max(0, -exponent)
    }

    /// The top of the axis: the last tick, at or above every value.
    public var maximum: Double { ticks[ticks.count - 1] }

    /// Where `value` falls along the axis, 0…1; values outside the axis are held at its ends.
    public func fraction(_ value: Double) -> Double {
        guard value.isFinite else { return 0 }
        return min(max(value / maximum, 0), 1)
    }

    private static func value(_ mantissa: Int, _ exponent: Int) -> Double {
        exponent >= 0 ? Double(mantissa) * pow(10, Double(exponent)) : Double(mantissa) / pow(10, Double(-exponent))
    }

    private static func intervals(_ top: Double, _ step: Double) -> Int {
        max(1, Int((top / step - 1e-9).rounded(.up)))
    }
}
