/// A day of the calendar, "YYYY-MM-DD" in the contract (the `date` format), with no time or zone.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil unless the day exists (2026-02-29 does not) and `year` has four digits.
    public init?(year: Int, month: Int, day: Int) {
        guard (0...9999).contains(year), (1...12).contains(month),
            (1...Gregorian.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads exactly "YYYY-MM-DD".
    public init?(_ text: String) {
        guard let parsed = try? Self.parse(text) else { return nil }
        self = parsed
    }

    private init(checkedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    static func parse(_ text: String) throws(DateSyntaxError) -> CalendarDate {
        var scanner = DigitScanner(text)
        let (year, month, day) = try scanner.calendarDate(withDay: true)
        guard scanner.isAtEnd else { throw DateSyntaxError(reason: "expected YYYY-MM-DD") }
        return CalendarDate(checkedYear: year, month: month, day: day)
    }

    /// "2026-10-06".
    public var description: String {
        zeroPadded(year, width: 4) + "-" + zeroPadded(month, width: 2) + "-" + zeroPadded(day, width: 2)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        self = try decodeDateString(from: decoder, describedAs: "a date", Self.parse)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
