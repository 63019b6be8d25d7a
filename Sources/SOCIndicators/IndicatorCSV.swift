import SOCModel

/// The indicators as RFC 4180 CSV (UTF-8, CRLF line ends, fields quoted when they hold a quote, a
/// comma or a line break), one row per indicator. A row naming several incidents (a monthly list) joins
/// their ids and revisions with spaces, in the same order, and gives the highest severity, the most
/// restrictive TLP, the earliest first and the latest last sighting.
extension IndicatorList {
    public static let csvHeader = [
        "type", "value", "incident", "revision", "severity", "tlp", "first_seen", "last_seen", "recorded",
    ]

    public func csv() -> [UInt8] {
        var rows = [Self.csvHeader]
        for entry in entries {
            let named = mentions(of: entry)
            let seen = seen(named)
            rows.append([
                entry.indicator.kind.rawValue, entry.indicator.value,
                named.map(\.incident.id).joined(separator: " "),
                named.map { String($0.incident.revision) }.joined(separator: " "),
                severity(named)?.rawValue ?? "", tlp(named).rawValue, STIXTime.seconds(seen.first),
                STIXTime.seconds(seen.last),
                entry.indicator.recorded,
            ])
        }
        return Array(rows.map { $0.map(Self.csvField).joined(separator: ",") + "\r\n" }.joined().utf8)
    }

    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "\"" || $0 == "," || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
