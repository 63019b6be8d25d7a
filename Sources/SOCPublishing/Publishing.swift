import SOCEngine
import SOCIndicators
import SOCPortal
import SOCStore
import SOCTemplates

/// What every publishing command shares.
public enum Publishing {
    /// The engine's version with a digest of the templates and fonts: a monthly report whose bundle and
    /// renderer are unchanged is not drawn again.
    public static func renderer(_ home: ResourceHome) -> String {
        RendererFingerprint.make(
            version: ReportEngine.version, contentFolders: [home.templates], listedFolders: [home.fonts])
    }

    public static func record(_ entry: ManifestEntry, tenant: String, portal: Portal, command: String)
        -> PublicationRecord
    {
        PublicationRecord(
            tenantID: tenant, portal: portal.root.path, path: entry.path, kind: entry.kind.publicationKind,
            documentID: entry.id,
            revision: entry.revision, month: entry.month.description, size: entry.size, sha256: entry.sha256,
            inputSha256: entry.inputSha256, renderer: entry.renderer, publishedAt: entry.publishedAt, command: command)
    }

    /// The machine-readable indicator files of `report` (STIX bundle, CSV, blocklists), to publish beside
    /// it — together with it, under one hold of the lock and one manifest write, when it is new.
    public static func indicatorFiles(_ list: IndicatorList, of report: PortalDocument) throws -> [(
        document: PortalDocument, bytes: [UInt8]
    )] {
        try list.files().map { file in
            (
                report.indicatorFile(format: file.format.rawValue, suffix: file.suffix, version: IndicatorList.version),
                file.bytes
            )
        }
    }

    /// The publication records of every file the outcomes say was written.
    public static func records(_ outcomes: [TenantFolder.Outcome], tenant: String, portal: Portal, command: String)
        -> [PublicationRecord]
    {
        outcomes.compactMap { outcome in
            guard case .published(let entry) = outcome else { return nil }
            return record(entry, tenant: tenant, portal: portal, command: command)
        }
    }
}

extension ManifestEntry.Kind {
    var publicationKind: PublicationKind {
        switch self {
        case .incident: .incident
        case .monthly: .monthly
        case .ioc: .ioc
        }
    }
}

extension TenantFolder.Outcome {
    public var isUnchanged: Bool {
        if case .unchanged = self { return true }
        return false
    }
}
