import Foundation

/// Words the step between two funnel stages: how many of the earlier stage's items lead to one of the
/// next. Injected so the report can localise it.
public struct RatioFormat: Sendable {
    public var text: @Sendable (_ from: Int64, _ to: Int64) -> String
    public init(_ text: @escaping @Sendable (_ from: Int64, _ to: Int64) -> String) { self.text = text }

    /// "↓ 1/25,000": one in N carried on. `wording` receives N formatted ("25,000"); `unavailable` is
    /// shown when either stage is 0, where there is no ratio to give.
    public static func oneIn(
        _ numbers: NumberFormat = NumberFormat(),
        wording: @escaping @Sendable (String) -> String = { "↓ 1/\($0)" },
        unavailable: String = "—"
    ) -> RatioFormat {
        RatioFormat { from, to in
            guard from > 0, to > 0 else { return unavailable }
            let n = Double(from) / Double(to)
            // Whole numbers read best once the step is ten-fold; below that a decimal says more (1/2.5).
            return wording(numbers.string(n, fractionDigits: n >= 10 ? 0 : 1, trimmingZeros: true))
        }
    }

    /// "↓ 0.004%": the share carried on, to two significant digits. `wording` receives the number
    /// without the percent sign; `unavailable` as for `oneIn`.
    public static func percentage(
        _ numbers: NumberFormat = NumberFormat(),
        wording: @escaping @Sendable (String) -> String = { "↓ \($0)%" },
        unavailable: String = "—"
    ) -> RatioFormat {
        RatioFormat { from, to in
            guard from > 0, to > 0 else { return unavailable }
            let percent = Double(to) / Double(from) * 100
            let digits = max(0, 1 - Int(log10(percent).rounded(.down)))
            return wording(numbers.string(percent, fractionDigits: digits, trimmingZeros: true))
        }
    }
}
