import Foundation
import SOCModel

/// Wall-clock times in a tenant's zone, computed without locale data so output never depends on the machine.
public struct TimeFormatter: Sendable {
    public let zone: TimeZone
    public init(zone: TimeZone) { self.zone = zone }

    /// "2025-10-05 13:08:39"
    public func dateTime(_ date: Date) -> String {
        let c = civil(date)
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day)) \(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))"
    }

    /// "+09:00" for `date` in this zone.
    public func offset(at date: Date) -> String {
        let seconds = zone.secondsFromGMT(for: date)
        let sign = seconds < 0 ? "-" : "+"
        return "\(sign)\(pad(abs(seconds) / 3600)):\(pad(abs(seconds) % 3600 / 60))"
    }

    /// RFC 3339 in this zone, for PDF metadata.
    public func iso(_ date: Date) -> String {
        let c = civil(date)
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))\(offset(at: date))"
    }

    public struct Civil: Sendable { public var year, month, day, hour, minute, second: Int }

    public func civil(_ date: Date) -> Civil {
        let local = Int(floor(date.timeIntervalSince1970)) + zone.secondsFromGMT(for: date)
        let days = Int((Double(local) / 86_400).rounded(.down))
        let secs = local - days * 86_400
        let (year, month, day) = Gregorian.civilDate(daysSinceEpoch: days)
        return Civil(year: year, month: month, day: day, hour: secs / 3600, minute: secs % 3600 / 60, second: secs % 60)
    }

    private func pad(_ v: Int, _ width: Int = 2) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

/// Indicators written so that no reader or PDF viewer turns them into a working link.
public enum Defang {
    public static func url(_ s: String) -> String {
        var out = s
        for (scheme, safe) in [("https://", "hxxps://"), ("http://", "hxxp://"), ("ftp://", "fxp://")]
        where out.lowercased().hasPrefix(scheme) {
            out = safe + out.dropFirst(scheme.count)
            break
        }
        return host(out)
    }

    public static func host(_ s: String) -> String { s.replacingOccurrences(of: ".", with: "[.]") }

    /// IPv4 dots and IPv6 colons are bracketed; a CIDR suffix stays readable.
    public static func ip(_ s: String) -> String {
        s.contains(":") ? s.replacingOccurrences(of: ":", with: "[:]") : host(s)
    }
}

/// "300,000,000": grouping fixed to the comma so that reports never depend on the machine's locale.
public func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return value < 0 ? "-" + out : out
}

/// "1st", "2nd", "3rd", "11th".
public func englishOrdinal(_ n: Int) -> String {
    let suffix: String
    switch (n % 10, n % 100) {
    case (_, 11...13): suffix = "th"
    case (1, _): suffix = "st"
    case (2, _): suffix = "nd"
    case (3, _): suffix = "rd"
    default: suffix = "th"
    }
    return "\(n)\(suffix)"
}
