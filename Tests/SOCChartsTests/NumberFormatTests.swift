import SOCCharts
import Testing

@Suite("NumberFormat")
struct NumberFormatTests {
    @Test(
        "integers are grouped in thousands",
        arguments: [
            (Int64(0), "0"), (4, "4"), (999, "999"), (1_000, "1,000"), (12_000, "12,000"), (300_000_000, "300,000,000"),
            (-1_234_567, "-1,234,567"), (.max, "9,223,372,036,854,775,807"), (.min, "-9,223,372,036,854,775,808"),
        ])
    func grouped(value: Int64, expected: String) {
        #expect(NumberFormat().string(value) == expected)
    }

    @Test(
        "decimals are rounded to the digits asked for",
        arguments: [
            (2.5, 1, false, "2.5"), (2.5, 2, false, "2.50"), (2.5, 2, true, "2.5"), (3.0, 2, true, "3"),
            (0.004, 4, true, "0.004"), (1_234.5, 0, false, "1,235"), (1_234_567.891, 2, false, "1,234,567.89"),
            (-0.04, 1, false, "0.0"), (-2.25, 1, false, "-2.3"), (0.1 + 0.2, 2, true, "0.3"),
        ])
    func decimals(value: Double, digits: Int, trimming: Bool, expected: String) {
        #expect(NumberFormat().string(value, fractionDigits: digits, trimmingZeros: trimming) == expected)
    }

    @Test("values with nothing sensible to print show a dash", arguments: [Double.nan, .infinity, -.infinity, 1e30])
    func unprintable(value: Double) {
        #expect(NumberFormat().string(value, fractionDigits: 0) == "—")
    }

    @Test("separators are the caller's, not the machine locale's")
    func customSeparators() {
        let format = NumberFormat(groupingSeparator: " ", decimalSeparator: ",")
        #expect(format.string(1_234_567.25, fractionDigits: 2) == "1 234 567,25")
        #expect(format.string(Int64(300_000_000)) == "300 000 000")
    }
}
