import Foundation

/// Proleptic Gregorian calendar arithmetic for the contract's date formats.
///
/// Done by hand rather than with `Calendar` because it runs for every timestamp of every log row,
/// and because RFC 3339 fields must be checked one by one to say which one is wrong.
public enum Gregorian {
    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to the given day (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// A wall-clock date and time, to the whole second.
    public struct CivilTime: Sendable, Equatable {
        public var year, month, day, hour, minute, second: Int

        /// "2025-10-05"
        public var dateText: String {
            zeroPadded(year, width: 4) + "-" + zeroPadded(month, width: 2) + "-" + zeroPadded(day, width: 2)
        }

        /// "13:08:39"
        public var timeText: String { [hour, minute, second].map { zeroPadded($0, width: 2) }.joined(separator: ":") }
    }

    /// "+09:00" for clocks `seconds` ahead of UTC ("-04:00" behind), to the minute.
    public static func offsetText(_ seconds: Int) -> String {
        (seconds < 0 ? "-" : "+") + zeroPadded(abs(seconds) / 3600, width: 2) + ":"
            + zeroPadded(abs(seconds) % 3600 / 60, width: 2)
    }

    /// The wall-clock time at `date` where clocks are `offset` seconds ahead of UTC.
    public static func civilTime(_ date: Date, offset: Int) -> CivilTime {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        return CivilTime(
            year: year, month: month, day: day,
            hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60)
    }

    /// The inverse of `daysSinceEpoch` (Howard Hinnant's `civil_from_days`).
    public static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Why a string is not a date in one of the contract's formats.
struct DateSyntaxError: Error {
    var reason: String
}

/// Decodes a date written as one JSON string, turning a parse failure into a `DecodingError`.
func decodeDateString<T>(
    from decoder: any Decoder, describedAs description: String, _ parse: (String) throws(DateSyntaxError) -> T
) throws -> T {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    do {
        return try parse(text)
    } catch {
        throw DecodingError.dataCorruptedError(
            in: container, debugDescription: "\(quoted(text)) is not \(description): \(error.reason)")
    }
}

/// Fixed-width ASCII digit fields, as RFC 3339 and the contract's "YYYY-MM" use.
struct DigitScanner {
    private let bytes: [UInt8]
    private(set) var index = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var isAtEnd: Bool { index == bytes.count }
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Reads exactly `count` digits, or nothing.
    mutating func number(digits count: Int) -> Int? {
        guard bytes.count - index >= count else { return nil }
        var value = 0
        for byte in bytes[index..<index + count] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        index += count
        return value
    }

    /// Reads one or more digits as a fraction: "25" → 0.25.
    mutating func fraction() -> Double? {
        var value = 0.0
        var scale = 1.0
        let start = index
        while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            scale /= 10
            value += Double(byte - UInt8(ascii: "0")) * scale
            index += 1
        }
        return index > start ? value : nil
    }

    mutating func consume(_ allowed: UInt8...) -> UInt8? {
        guard let byte = current, allowed.contains(byte) else { return nil }
        index += 1
        return byte
    }

    /// Reads "YYYY-MM" or "YYYY-MM-DD" (when `withDay`), checking that the day exists.
    mutating func calendarDate(withDay: Bool) throws(DateSyntaxError) -> (year: Int, month: Int, day: Int) {
        let shape = withDay ? "YYYY-MM-DD" : "YYYY-MM"
        guard let year = number(digits: 4), consume(UInt8(ascii: "-")) != nil, let month = number(digits: 2) else {
            throw DateSyntaxError(reason: "expected \(shape)")
        }
        guard (1...12).contains(month) else { throw DateSyntaxError(reason: "month \(month) does not exist") }
        guard withDay else { return (year, month, 1) }
        guard consume(UInt8(ascii: "-")) != nil, let day = number(digits: 2) else {
            throw DateSyntaxError(reason: "expected \(shape)")
        }
        let days = Gregorian.daysInMonth(year: year, month: month)
        guard (1...days).contains(day) else {
            throw DateSyntaxError(reason: "day \(day) does not exist in a month of \(days) days")
        }
        return (year, month, day)
    }
}

/// "7" → "07" for width 2, or 0x7 → "0007" for width 4 and radix 16: dates, times and code points are
/// written fixed-width.
public func zeroPadded(_ value: Int, width: Int, radix: Int = 10) -> String {
    let digits = String(value, radix: radix, uppercase: true)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
