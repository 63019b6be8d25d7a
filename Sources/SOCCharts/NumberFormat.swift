/// Numbers as the reports print them: digits grouped in thousands with fixed separators. Output never
/// depends on the machine's locale, so a report renders identically on every host.
public struct NumberFormat: Hashable, Sendable {
    public var groupingSeparator: String
    public var decimalSeparator: String

    public init(groupingSeparator: String = ",", decimalSeparator: String = ".") {
        self.groupingSeparator = groupingSeparator; self.decimalSeparator = decimalSeparator
    }

    /// "300,000,000".
    public func string(_ value: Int64) -> String {
        (value < 0 ? "-" : "") + grouped(String(value.magnitude))
    }

    /// `value` rounded half away from zero to `fractionDigits` decimals ("2.50"); with `trimmingZeros` the
    /// fraction's trailing zeros go ("2.5", and "3" for 3.0).
    public func string(_ value: Double, fractionDigits: Int, trimmingZeros: Bool = false) -> String {
        let digits = min(max(fractionDigits, 0), 9)
        var unit: UInt64 = 1
        for _ in 0..<digits { unit *= 10 }
        let scaled = (value.magnitude * Double(unit)).rounded()
        // Beyond UInt64 there is nothing sensible to print for a count or a share.
        guard value.isFinite, scaled < 1.8e19 else { return "—" }
        let units = UInt64(scaled)
        var text = grouped(String(units / unit))
        if digits > 0 {
            var fraction = String(units % unit)
            fraction = String(repeating: "0", count: digits - fraction.count) + fraction
            if trimmingZeros { while fraction.last == "0" { fraction.removeLast() } }
            if !fraction.isEmpty { text += decimalSeparator + fraction }
        }
        return (value < 0 && units > 0 ? "-" : "") + text
    }

    private func grouped(_ digits: String) -> String {
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += groupingSeparator }
            out.append(digit)
        }
        return out
    }
}
