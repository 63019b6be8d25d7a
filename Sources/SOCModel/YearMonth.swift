import Foundation

/// A calendar month, "YYYY-MM" in the contract; reports read it in the tenant's time zone.
public struct YearMonth: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    /// 1 to 12.
    public let month: Int

    /// Nil when `month` is not 1 to 12 or `year` does not have four digits.
    public init?(year: Int, month: Int) {
        guard (0...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Reads exactly "YYYY-MM".
    public init?(_ text: String) {
        guard let parsed = try? Self.parse(text) else { return nil }
        self = parsed
    }

    /// The month that contains `date` on the wall clock of `timeZone`.
    public init(containing date: Date, in timeZone: TimeZone) {
        let parts = Self.calendar(timeZone).dateComponents([.year, .month], from: date)
        self.year = parts.year!
        self.month = parts.month!
    }

    private init(checkedYear year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    static func parse(_ text: String) throws(DateSyntaxError) -> YearMonth {
        var scanner = DigitScanner(text)
        let (year, month, _) = try scanner.calendarDate(withDay: false)
        guard scanner.isAtEnd else { throw DateSyntaxError(reason: "expected YYYY-MM") }
        return YearMonth(checkedYear: year, month: month)
    }

    public var previous: YearMonth {
        month == 1 ? YearMonth(checkedYear: year - 1, month: 12) : YearMonth(checkedYear: year, month: month - 1)
    }

    public var next: YearMonth {
        month == 12 ? YearMonth(checkedYear: year + 1, month: 1) : YearMonth(checkedYear: year, month: month + 1)
    }

    /// From the first instant of the month to the first instant of the next, in `timeZone`.
    public func interval(in timeZone: TimeZone) -> DateInterval {
        DateInterval(start: firstInstant(in: timeZone), end: next.firstInstant(in: timeZone))
    }

    private func firstInstant(in timeZone: TimeZone) -> Date {
        Self.calendar(timeZone).date(from: DateComponents(year: year, month: month, day: 1))!
    }

    private static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// "2026-10".
    public var description: String { zeroPadded(year, width: 4) + "-" + zeroPadded(month, width: 2) }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    public init(from decoder: any Decoder) throws {
        self = try decodeDateString(from: decoder, describedAs: "a month", Self.parse)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
