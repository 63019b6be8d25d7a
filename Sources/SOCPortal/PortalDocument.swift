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

    /// An incident report, filed under the month it was determined in (in the tenant's zone).
    public static func incident(
        id: String, revision: Int, title: String, severity: Severity, month: YearMonth, inputSha256: String, renderer: String
    ) -> PortalDocument {
        PortalDocument(kind: .incident, id: id, revision: revision, title: title, severity: severity, month: month,
                       inputSha256: inputSha256, renderer: renderer)
    }

    public static func monthly(month: YearMonth, title: String, inputSha256: String, renderer: String) -> PortalDocument {
        PortalDocument(kind: .monthly, id: month.description, revision: nil, title: title, severity: nil, month: month,
                       inputSha256: inputSha256, renderer: renderer)
    }

    /// "incidents/YYYY/MM/<id>-r<revision>.pdf" (every revision its own file) or "monthly/YYYY-MM.pdf".
    public var path: String {
        let year = month.description.prefix(4), number = month.description.suffix(2)
        switch kind {
        case .incident: return "incidents/\(year)/\(number)/\(id)-r\(revision ?? 1).pdf"
        case .monthly: return "monthly/\(month).pdf"
        }
    }

    /// Whether `entry` already publishes this document. An incident revision is published once:
    /// the same input is the same document even when a newer renderer would draw it differently.
    /// A monthly report is redrawn when its bundle or the renderer changed.
    func isPublished(as entry: ManifestEntry) -> Bool {
        switch kind {
        case .incident: entry.inputSha256 == inputSha256
        case .monthly: entry.inputSha256 == inputSha256 && entry.renderer == renderer
        }
    }
}
