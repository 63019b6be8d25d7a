import Foundation
import SOCModel

/// A tenant folder's `index.json`: every document published in the folder.
public struct Manifest: Codable, Sendable, Equatable {
    public static let fileName = "index.json"

    public var schemaVersion = 1
    public var tenant: TenantName
    public var updatedAt: String
    /// Sorted by path.
    public private(set) var documents: [ManifestEntry]

    public struct TenantName: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
    }

    public init(tenant: Tenant) {
        self.tenant = TenantName(id: tenant.id, name: tenant.name)
        updatedAt = publicationTime()
        documents = []
    }

    public func entry(at path: String) -> ManifestEntry? {
        documents.first { $0.path == path }
    }

    mutating func put(_ entry: ManifestEntry) {
        remove(at: entry.path)
        let index = documents.firstIndex { $0.path > entry.path } ?? documents.endIndex
        documents.insert(entry, at: index)
    }

    mutating func remove(at path: String) {
        documents.removeAll { $0.path == path }
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }
}

/// One published document.
public struct ManifestEntry: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case incident, monthly
        /// A machine-readable indicator file (STIX bundle, CSV, blocklist) beside a report.
        case ioc
    }

    public var kind: Kind
    /// The incident id; for a monthly report, its month.
    public var id: String
    /// Incidents only.
    public var revision: Int?
    public var title: String
    /// Incidents only.
    public var severity: Severity?
    /// For an incident, the month of its `determinedAt` in the tenant's time zone.
    public var month: YearMonth
    public var publishedAt: String
    public var size: Int
    public var sha256: String
    /// Relative to the tenant folder, e.g. "incidents/2026/03/INC-1-r2.pdf".
    public var path: String
    /// SHA-256 of the canonical JSON the document was rendered from.
    public var inputSha256: String
    /// The engine version and resources that rendered it (see `RendererFingerprint`).
    public var renderer: String
    /// Indicator files only: "stix", "csv" or "txt". Absent from entries written before they existed.
    public var format: String?
    /// Indicator files only: the path of the report the file belongs to.
    public var report: String?
    /// Incidents only: when the relay accepted the first notification mail of this revision (RFC 3339,
    /// UTC). Absent until then, and in manifests written before notifications were delivered.
    public var notifiedAt: String? = nil

    /// What follows the report's base name: ".pdf" for a report, ".stix.json", ".iocs.csv", ".domains.txt"…
    /// for an indicator file.
    public var fileSuffix: String {
        guard kind == .ioc, let report, report.hasSuffix(".pdf"), path.hasPrefix(report.dropLast(".pdf".count)) else {
            return ".pdf"
        }
        return String(path.dropFirst(report.count - ".pdf".count))
    }
}

/// Now, as RFC 3339 in UTC: the time manifests and publication records are stamped with.
public func publicationTime() -> String {
    Timestamp(Date(), in: TimeZone(identifier: "UTC")!).text
}
