import SOCModel

/// A document to publish: where it goes in the tenant folder and what the manifest says about it.
public struct PortalDocument: Sendable, Equatable {
    public var kind: ManifestEntry.Kind
    public var id: String
    public var revision: Int?
    public var title: String
    public var severity: Severity?
    public var month: YearMonth
    public var inputSha256: String
    public var renderer: String
    /// Indicator files only: the format, the report's path and what follows the report's base name.
    public var format: String?
    public var reportPath: String?
    var suffix: String?

    /// An incident report, filed under the month it was determined in (in the tenant's zone).
    public static func incident(
        id: String, revision: Int, title: String, severity: Severity, month: YearMonth, inputSha256: String,
        renderer: String
    ) -> PortalDocument {
        PortalDocument(
            kind: .incident, id: id, revision: revision, title: title, severity: severity, month: month,
            inputSha256: inputSha256, renderer: renderer)
    }

    public static func monthly(month: YearMonth, title: String, inputSha256: String, renderer: String) -> PortalDocument
    {
        PortalDocument(
            kind: .monthly, id: month.description, revision: nil, title: title, severity: nil, month: month,
            inputSha256: inputSha256, renderer: renderer)
    }

    /// An indicator file of this report, beside it: its path is the report's with `suffix` (".stix.json",
    /// ".iocs.csv", ".domains.txt"…) in place of ".pdf".
    public func indicatorFile(format: String, suffix: String, version: String) -> PortalDocument {
        var file = self
        file.kind = .ioc
        file.format = format
        file.reportPath = path
        file.suffix = suffix
        file.renderer = version
        return file
    }

    /// "incidents/YYYY/MM/<id>-r<revision>.pdf" (every revision its own file) or "monthly/YYYY-MM.pdf";
    /// an indicator file beside its report.
    public var path: String {
        let year = month.description.prefix(4), number = month.description.suffix(2)
        switch kind {
        case .incident: return "incidents/\(year)/\(number)/\(id)-r\(revision ?? 1).pdf"
        case .monthly: return "monthly/\(month).pdf"
        case .ioc: return String(reportPath!.dropLast(".pdf".count)) + suffix!
        }
    }

    /// Whether `entry` already publishes this document. An incident revision is published once:
    /// the same input is the same document even when a newer renderer would draw it differently.
    /// A monthly report is redrawn when its bundle or the renderer changed; an indicator file is
    /// written again when its content changed (`sha256`, the digest of the new content).
    func isPublished(as entry: ManifestEntry, sha256: String? = nil) -> Bool {
        switch kind {
        case .incident: entry.inputSha256 == inputSha256
        case .monthly: entry.inputSha256 == inputSha256 && entry.renderer == renderer
        case .ioc: entry.sha256 == sha256
        }
    }
}
