import Foundation
import SOCModel

/// STIX timestamps: UTC with "Z", to the millisecond as STIX 2.1 requires of `created` and `modified`.
enum STIXTime {
    static func text(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
        let whole = Date(timeIntervalSince1970: (milliseconds / 1000).rounded(.down))
        let fraction = Int(milliseconds - whole.timeIntervalSince1970 * 1000)
        return String(Timestamp(whole, in: utc).text.dropLast()) + String(format: ".%03dZ", fraction)
    }

    /// RFC 3339 in UTC to the second, for the CSV.
    static func seconds(_ date: Date) -> String { Timestamp(date, in: utc).text }

    private static let utc = TimeZone(identifier: "UTC")!
}
