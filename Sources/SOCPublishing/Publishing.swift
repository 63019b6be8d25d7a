import SOCPortal
import SOCEngine
import SOCReports
import SOCStore

/// What every publishing command shares.
public enum Publishing {
    /// The engine's version with a digest of the templates and fonts: a monthly report whose bundle and
    /// renderer are unchanged is not drawn again.
    public static func renderer(_ home: ResourceHome) -> String {
        RendererFingerprint.make(version: ReportEngine.version, contentFolders: [home.templates], listedFolders: [home.fonts])
    }

    public static func record(_ entry: ManifestEntry, tenant: String, portal: Portal, command: String) -> PublicationRecord {
        PublicationRecord(
            tenantID: tenant, portal: portal.root.path, path: entry.path, kind: entry.kind.publicationKind, documentID: entry.id,
            revision: entry.revision, month: entry.month.description, size: entry.size, sha256: entry.sha256,
            inputSha256: entry.inputSha256, renderer: entry.renderer, publishedAt: entry.publishedAt, command: command)
    }
}

extension ManifestEntry.Kind {
    var publicationKind: PublicationKind {
        switch self {
        case .incident: .incident
        case .monthly: .monthly
        }
    }
}

extension TenantFolder.Outcome {
    public var isUnchanged: Bool {
        if case .unchanged = self { return true }
        return false
    }
}
