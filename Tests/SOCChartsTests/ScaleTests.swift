import SOCCharts
import Testing

@Suite("LinearScale")
struct LinearScaleTests {
    @Test(
        "ticks are round numbers from 0 up to the largest value",
        arguments: [
            (0.0, false, [0, 0.2, 0.4, 0.6, 0.8, 1]),
            (0.0, true, [0, 1, 2, 3, 4, 5]),
            (500, true, [0, 100, 200, 300, 400, 500]),
            (501, true, [0, 200, 400, 600]),
            (7, true, [0, 2, 4, 6, 8]),
            (1, true, [0, 1]),
            (2.5, false, [0, 0.5, 1, 1.5, 2, 2.5]),
            (0.3, false, [0, 0.1, 0.2, 0.3]),
            (300_000_000, true, [0, 100_000_000, 200_000_000, 300_000_000]),
        ] as [(Double, Bool, [Double])])
    func niceTicks(maxValue: Double, integerOnly: Bool, expected: [Double]) {
        #expect(LinearScale(maxValue: maxValue, integerOnly: integerOnly).ticks == expected)
    }

    @Test(
        "steps are 1, 2 or 5 × 10ⁿ, at most six ticks, covering the value",
        arguments: [0.001, 0.037, 0.37, 1, 3, 9, 11, 47, 99, 100, 101, 999, 12_345, 3e8], [false, true])
    func stepRules(maxValue: Double, integerOnly: Bool) {
        let scale = LinearScale(maxValue: maxValue, integerOnly: integerOnly)
        #expect(scale.ticks.count <= 6)
        #expect(scale.ticks.first == 0)
        #expect(scale.maximum >= maxValue)
        var mantissa = scale.step
        while mantissa >= 10 { mantissa /= 10 }
        while mantissa < 1 { mantissa *= 10 }
        #expect([1.0, 2, 5].contains { abs($0 - mantissa) < 1e-9 })
        for (i, tick) in scale.ticks.enumerated() {
            #expect(abs(tick - Double(i) * scale.step) <= 1e-9 * max(1, tick))
        }
        if integerOnly {
            #expect(scale.step >= 1)
            #expect(scale.ticks.allSatisfy { $0 == $0.rounded() })
            #expect(scale.fractionDigits == 0)
        }
    }

    @Test("tick labels get the decimals the step needs")
    func fractionDigits() {
        #expect(LinearScale(maxValue: 2.5).fractionDigits == 1)
        #expect(LinearScale(maxValue: 0.025).fractionDigits == 3) // step 0.005
        #expect(LinearScale(maxValue: 40).fractionDigits == 0)
    }

    @Test("negative and non-finite maxima are treated as all zero", arguments: [-5.0, .nan, .infinity, -.infinity])
    func badMaxima(value: Double) {
        #expect(LinearScale(maxValue: value, integerOnly: true).ticks == [0, 1, 2, 3, 4, 5])
    }

    @Test("fraction is proportional and held inside the axis")
    func fraction() {
        let scale = LinearScale(maxValue: 500, integerOnly: true)
        #expect(scale.fraction(250) == 0.5)
        #expect(scale.fraction(1) == 0.002)
        #expect(scale.fraction(-3) == 0)
        #expect(scale.fraction(9_999) == 1)
        #expect(scale.fraction(.nan) == 0)
    }
}

@Suite("LogScale")
struct LogScaleTests {
    @Test(
        "decades span the smallest and largest positive values",
        arguments: [
            ([300_000_000, 12_000, 300, 4], 0, 9),
            ([1_000, 10], 1, 3),
            ([500], 2, 3),
            ([1], 0, 1),
            ([0, 0, 0], 0, 1),
            ([], 0, 1),
            ([0, 7, -3, .nan], 0, 1),
            ([0.05, 2], -2, 1),
        ] as [([Double], Int, Int)])
    func decades(values: [Double], lower: Int, upper: Int) {
        let scale = LogScale(values: values)
        #expect(scale.lowerDecade == lower)
        #expect(scale.upperDecade == upper)
        #expect(scale.decades == Array(lower...upper))
    }

    @Test("zero, negative and non-finite values map to 0 rather than -∞", arguments: [0.0, -1, .nan, -.infinity])
    func zero(value: Double) {
        #expect(LogScale(values: [300_000_000, 4]).fraction(value) == 0)
    }

    @Test("the smallest count still has length and each decade takes the same share")
    func mapping() {
        let scale = LogScale(values: [300_000_000, 1])
        #expect(scale.fraction(1) > 0)
        #expect(scale.fraction(1) < scale.fraction(4))
        #expect(abs(scale.fraction(1_000_000_000) - 1) < 1e-12)
        let decade = scale.fraction(100) - scale.fraction(10)
        #expect(abs(scale.fraction(1_000_000) - scale.fraction(100_000) - decade) < 1e-12)
        #expect(abs(scale.fraction(1) - decade / 2) < 1e-12) // the axis starts half a decade below 1
    }
}
