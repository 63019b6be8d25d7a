import Foundation
import NIOPosix
import SOCMail
import SOCPortal
import SOCStore

/// Writes a revision's notification time into its tenant's manifest and `index.html`, where its report was
/// published: the mail deliverer's `onNotified`, for the CLI and the server alike.
public struct ManifestNotification: Sendable {
    public let store: Store
    /// Rewrites the tenant folder's `index.html` with the manifest that records a notification time.
    public let indexPage: (any IndexPageRendering)?

    public init(store: Store, indexPage: (any IndexPageRendering)?) {
        self.store = store
        self.indexPage = indexPage
    }

    /// Nothing when the store knows no publication of the revision (a report published elsewhere) or no tenant.
    @Sendable public func record(_ notified: NotifiedRevision) async throws {
        guard
            let publication = try await store.incidentPublication(
                tenantID: notified.tenantID, incidentID: notified.incidentID,
                revision: notified.revision),
            let tenant = try await store.tenant(notified.tenantID)
        else { return }
        // The manifest is rewritten under its lock and synced: off the cooperative threads.
        let indexPage = indexPage
        _ = try await NIOThreadPool.singleton.runIfActive {
            try Portal(root: URL(fileURLWithPath: publication.portal), indexPage: indexPage).folder(for: tenant)
                .recordNotification(at: publication.path, time: notified.time)
        }
    }
}
