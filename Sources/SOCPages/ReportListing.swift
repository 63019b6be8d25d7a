import Foundation
import SOCModel
import SOCPortal

/// What the reports page asks for: filters, a search and a page number.
public struct ReportFilter: Sendable, Equatable {
    public var month: YearMonth?
    public var severity: Severity?
    public var kind: ManifestEntry.Kind?
    public var query: String
    public var page: Int

    public init(
        month: YearMonth? = nil, severity: Severity? = nil, kind: ManifestEntry.Kind? = nil, query: String = "",
        page: Int = 1
    ) {
        self.month = month; self.severity = severity; self.kind = kind; self.query = query; self.page = max(1, page)
    }
}

/// A tenant's reports in the order the reports page lists them, newest first: each incident once, at
/// its latest revision, and each monthly report. Built once per manifest version and kept.
public struct ReportIndex: Sendable {
    public let manifest: Manifest
    let listed: [ManifestEntry]
    /// Beside `listed`, what the filters compare, so that filtering copies no entry (and retains no string).
    let facets: [Facet]
    /// Beside `listed`: "id title", lowercased once, for the search.
    let searchable: [String]
    private let byPath: [String: ManifestEntry]
    /// Every revision of each report, newest first: a report's page finds them without a pass over the manifest.
    private let byReport: [ReportKey: [ManifestEntry]]
    /// Indicator files by the path of the report they belong to, in `indicatorOrder`.
    private let indicators: [String: [ManifestEntry]]

    struct Facet { var month: YearMonth; var kind: ManifestEntry.Kind; var severity: Severity? }
    struct ReportKey: Hashable { var kind: ManifestEntry.Kind; var id: String }
    /// Every month with a report, newest first, for the month filter.
    public let months: [YearMonth]

    public init(manifest: Manifest) {
        self.manifest = manifest
        byPath = Dictionary(manifest.documents.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var latest: [String: ManifestEntry] = [:]
        var monthly: [ManifestEntry] = []
        var indicators: [String: [ManifestEntry]] = [:]
        var byReport: [ReportKey: [ManifestEntry]] = [:]
        for entry in manifest.documents {
            if entry.kind != .ioc { byReport[ReportKey(kind: entry.kind, id: entry.id), default: []].append(entry) }
            switch entry.kind {
            case .monthly: monthly.append(entry)
            case .incident:
                if let seen = latest[entry.id], (seen.revision ?? 0) >= (entry.revision ?? 0) { continue }
                latest[entry.id] = entry
            case .ioc:
                // Not a report of its own: shown with the report it belongs to.
                if let report = entry.report { indicators[report, default: []].append(entry) }
            }
        }
        self.byReport = byReport.mapValues { revisions in revisions.sorted { ($0.revision ?? 0) > ($1.revision ?? 0) } }
        self.indicators = indicators.mapValues { files in
            files.sorted { (Self.indicatorRank($0), $0.path) < (Self.indicatorRank($1), $1.path) }
        }
        listed = (Array(latest.values) + monthly).sorted {
            ($0.month, $0.publishedAt, $0.id) > ($1.month, $1.publishedAt, $1.id)
        }
        months = Array(Set(listed.map(\.month))).sorted(by: >)
        facets = listed.map { Facet(month: $0.month, kind: $0.kind, severity: $0.severity) }
        searchable = listed.map { ($0.id + " " + $0.title).lowercased() }
    }

    /// The entry published at `path`, if the manifest lists one.
    public func entry(at path: String) -> ManifestEntry? { byPath[path] }

    /// Every published revision of one report, newest first (an indicator file is not a report).
    public func revisions(kind: ManifestEntry.Kind, id: String) -> [ManifestEntry] {
        byReport[ReportKey(kind: kind, id: id)] ?? []
    }

    /// The indicator files published beside the report at `reportPath`: STIX, CSV, then the blocklists.
    public func indicatorFiles(of reportPath: String) -> [ManifestEntry] { indicators[reportPath] ?? [] }

    /// The order indicator files are listed in, by file suffix; the wording labels them by the same key.
    static let indicatorLabels: [(suffix: String, label: String)] = [
        (".stix.json", "web.iocStix"), (".iocs.csv", "web.iocCSV"), (".domains.txt", "web.iocDomains"),
        (".urls.txt", "web.iocURLs"), (".ips.txt", "web.iocIPs"),
    ]

    private static func indicatorRank(_ entry: ManifestEntry) -> Int {
        indicatorLabels.firstIndex { $0.suffix == entry.fileSuffix } ?? indicatorLabels.count
    }
}

/// One page of the index under a filter, found in memory (the whole reports page of a 5,000-entry tenant
/// is served in about 5-8 ms: bench/portal-bench.py).
public struct ReportListing: Sendable {
    public static let pageSize = 50

    public let entries: [ManifestEntry]
    public let total: Int
    public let page: Int
    public let pages: Int

    public init(index: ReportIndex, filter: ReportFilter) {
        let query = filter.query.trimmingCharacters(in: .whitespaces).lowercased()
        func matches(_ i: Int) -> Bool {
            let facet = index.facets[i]
            return (filter.month == nil || facet.month == filter.month)
                && (filter.kind == nil || facet.kind == filter.kind)
                && (filter.severity == nil || facet.severity == filter.severity)
                && (query.isEmpty || index.searchable[i].contains(query))
        }
        // One pass: count every match, keep only the requested page's (a page past the end shows the last).
        let matching = index.listed.indices.filter(matches)
        total = matching.count
        pages = max(1, (matching.count + Self.pageSize - 1) / Self.pageSize)
        page = min(filter.page, pages)
        entries = matching.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize).map { index.listed[$0] }
    }
}
