import Foundation
import SOCModel

/// Wall-clock times in a tenant's zone, computed without locale data so output never depends on the machine.
public struct TimeFormatter: Sendable {
    public let zone: TimeZone
    public init(zone: TimeZone) { self.zone = zone }

    /// "2025-10-05 13:08:39"
    public func dateTime(_ date: Date) -> String {
        let c = civil(date)
        return c.dateText + " " + c.timeText
    }

    /// "2025-10-05 13:08:39 (UTC+09:00)": a time as the incident report shows it.
    public func zoned(_ date: Date) -> String {
        "\(dateTime(date)) (UTC\(offset(at: date)))"
    }

    /// "+09:00" for `date` in this zone.
    public func offset(at date: Date) -> String { Gregorian.offsetText(zone.secondsFromGMT(for: date)) }

    /// RFC 3339 in this zone, for PDF metadata.
    public func iso(_ date: Date) -> String {
        let c = civil(date)
        return c.dateText + "T" + c.timeText + offset(at: date)
    }

    public func civil(_ date: Date) -> Gregorian.CivilTime {
        Gregorian.civilTime(date, offset: zone.secondsFromGMT(for: date))
    }
}
