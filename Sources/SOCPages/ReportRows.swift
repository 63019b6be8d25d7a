import Foundation
import SOCModel
import SOCPortal
import SOCTemplates

/// Table rows for `rows.mustache`, shared by the server's reports page and the static `index.html`: the
/// severity and TLP as badges with localised names, times in the tenant's zone, the revision as "第2報".
public struct ReportRows: Sendable {
    let wording: Wording
    let clock: TimeFormatter

    public init(pages: PortalPages, tenant: Tenant) {
        wording = pages.wording(tenant.language)
        clock = TimeFormatter(zone: tenant.resolvedTimeZone)
    }

    /// A row for `entry`, linking to `href`; `summary` (from the store) adds the threat type, the
    /// determination time and the TLP, else the publication time is shown.
    public func row(_ entry: ManifestEntry, summary: IncidentFacts?, href: String) -> [String: Any] {
        var row: [String: Any] = ["id": entry.id, "title": entry.title, "href": href]
        switch entry.kind {
        case .monthly:
            row["kind"] = wording["web.kindMonthly"]
            row["time"] = wording.month(entry.month)
        case .incident:
            row["kind"] = wording["web.kindIncident"]
            row["revision"] = wording.revision(entry.revision ?? 1)
            row["time"] =
                (summary.flatMap { Timestamp(rfc3339: $0.determinedAt) } ?? Timestamp(rfc3339: entry.publishedAt)).map(
                    localTime) ?? ""
        case .ioc:
            row["kind"] = wording["web.indicators"]
            row["time"] = Timestamp(rfc3339: entry.publishedAt).map(localTime) ?? ""
        }
        if let severity = entry.severity {
            row["severity"] = ["key": severity.rawValue, "name": wording.severity(severity)]
        }
        if let summary {
            row["threatType"] = summary.threatType.map(wording.threatType) ?? ""
            row["tlp"] = ["key": PortalPages.cssName(summary.tlp), "name": summary.tlp.rawValue.uppercased()]
        }
        return row
    }

    /// Links to a report's indicator files for `{{#indicators}}`: each labelled by its format, with its
    /// size, linking to `hrefPrefix` + its path.
    public func indicatorLinks(_ files: [ManifestEntry], hrefPrefix: String) -> [String: Any]? {
        guard !files.isEmpty else { return nil }
        let links: [[String: Any]] = files.map { file in
            let label =
                ReportIndex.indicatorLabels.first { $0.suffix == file.fileSuffix }.map { wording[$0.label] }
                ?? file.fileSuffix
            return [
                "label": label, "href": hrefPrefix + file.path, "size": bytes(file.size),
                "file": (file.path as NSString).lastPathComponent,
            ]
        }
        return ["files": links]
    }

    /// "2026-03-14 10:32" in the tenant's zone.
    public func localTime(_ time: Timestamp) -> String { String(clock.dateTime(time.date).dropLast(3)) }

    /// "Asia/Tokyo（UTC+09:00）": the note saying which zone the times are in.
    public func zoneNote(_ zone: String) -> String {
        wording.format("time.zone", ["zone": zone, "offset": clock.offset(at: Date())])
    }

    /// "1.2 MB"-free: exact bytes, grouped, as the report page shows a file's size.
    public func bytes(_ n: Int) -> String {
        wording.format(
            "web.bytes", ["n": n.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))])
    }
}
