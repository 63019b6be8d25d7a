import Foundation

/// An RFC 3339 date-time with a UTC offset, as the contract's `timestamp` requires.
///
/// Keeps the text it was read from, so documents encode back exactly what they said,
/// and the offset, while `date` is the instant for arithmetic and for showing in a tenant's zone.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let date: Date
    /// The RFC 3339 text, e.g. "2026-11-02T10:15:00+09:00".
    public let text: String
    /// Seconds east of UTC given by the text's offset (0 for "Z").
    public let utcOffset: Int

    /// Reads "YYYY-MM-DDThh:mm:ss[.fraction]" followed by "Z" or "±hh:mm"; nil for anything else,
    /// including a missing offset (a local time without one would be a guess).
    public init?(rfc3339 text: String) {
        guard let parsed = try? Self.parse(text) else { return nil }
        self = parsed
    }

    /// The instant to the whole second, written with the offset `timeZone` has at that instant.
    public init(_ date: Date, in timeZone: TimeZone) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        // Offsets with seconds (old local mean times) are cut to minutes, as RFC 3339 can only say minutes.
        let offset = timeZone.secondsFromGMT(for: date) / 60 * 60
        let c = Gregorian.civilTime(date, offset: offset)
        self.date = Date(timeIntervalSince1970: TimeInterval(seconds))
        self.utcOffset = offset
        self.text = c.dateText + "T" + c.timeText + (offset == 0 ? "Z" : Gregorian.offsetText(offset))
    }

    private init(date: Date, text: String, utcOffset: Int) {
        self.date = date
        self.text = text
        self.utcOffset = utcOffset
    }

    static func parse(_ text: String) throws(DateSyntaxError) -> Timestamp {
        let shape = DateSyntaxError(reason: "expected YYYY-MM-DDThh:mm:ss[.fraction] and Z or ±hh:mm")
        var scanner = DigitScanner(text)
        let (year, month, day) = try scanner.calendarDate(withDay: true)
        guard scanner.consume(UInt8(ascii: "T"), UInt8(ascii: "t")) != nil,
            let hour = scanner.number(digits: 2), scanner.consume(UInt8(ascii: ":")) != nil,
            let minute = scanner.number(digits: 2), scanner.consume(UInt8(ascii: ":")) != nil,
            let second = scanner.number(digits: 2)
        else { throw shape }
        guard hour < 24 else { throw DateSyntaxError(reason: "hour \(hour) does not exist") }
        guard minute < 60 else { throw DateSyntaxError(reason: "minute \(minute) does not exist") }
        guard second < 60 else { throw DateSyntaxError(reason: "second \(second) is not supported") }
        var fraction = 0.0
        if scanner.consume(UInt8(ascii: ".")) != nil {
            guard let digits = scanner.fraction() else {
                throw DateSyntaxError(reason: "expected digits after the decimal point")
            }
            fraction = digits
        }
        let offset: Int
        if scanner.isAtEnd {
            throw DateSyntaxError(reason: "the UTC offset (Z or ±hh:mm) is missing")
        } else if scanner.consume(UInt8(ascii: "Z"), UInt8(ascii: "z")) != nil {
            offset = 0
        } else if let sign = scanner.consume(UInt8(ascii: "+"), UInt8(ascii: "-")) {
            guard let hours = scanner.number(digits: 2), scanner.consume(UInt8(ascii: ":")) != nil,
                let minutes = scanner.number(digits: 2)
            else { throw DateSyntaxError(reason: "expected the offset as ±hh:mm") }
            guard hours < 24, minutes < 60 else {
                throw DateSyntaxError(reason: "the offset hours or minutes are out of range")
            }
            offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
        } else {
            throw shape
        }
        guard scanner.isAtEnd else { throw DateSyntaxError(reason: "unexpected text after the offset") }
        let days = Gregorian.daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Timestamp(
            date: Date(timeIntervalSince1970: TimeInterval(seconds) + fraction), text: text, utcOffset: offset)
    }

    public var description: String { text }

    /// Ordered by instant; equal instants written differently are ordered by text, keeping `<` consistent with `==`.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.date != rhs.date ? lhs.date < rhs.date : lhs.text < rhs.text
    }

    public init(from decoder: any Decoder) throws {
        self = try decodeDateString(from: decoder, describedAs: "an RFC 3339 date-time with offset", Self.parse)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
