import Foundation
import SOCMail
import SOCModel
import SOCPortal
import SOCPublishing
import SOCStore
import SOCWeb

/// Publishing one incident on a warm worker of the render pool — the PDF, its indicator files, the
/// manifest and the notification mails — as `POST /api/v1/incidents` does and the workbench's approval;
/// and the workbench's preview, rendered the same way and kept nowhere.
struct PoolPublisher: IncidentPublishing {
    let store: Store
    let portal: Portal
    let pool: RenderPool
    /// When set, publishing a revision queues its notification mails.
    let notifications: NotificationSettings?
    let metrics: ServerMetrics

    func publishRecorded(_ incident: Incident) async throws -> APIRoutes.PublishedIncident {
        let started = ContinuousClock.now
        let published = try await pool.submit(priority: .interactive) {
            [store, portal, notifications, renderer = pool.renderer] engine in
            let publisher = try IncidentPublisher(
                store: store, portal: portal, command: "serve", engine: engine, renderer: renderer,
                notifications: notifications)
            let result = try await publisher.publish(incident)
            return APIRoutes.PublishedIncident(
                tenant: result.tenant.id, entry: result.outcome.entry,
                isNew: !result.outcome.isUnchanged, renderSeconds: result.renderSeconds,
                contactsToCall: result.contactsToCall)
        }
        metrics.recordPublish(kind: "incident", seconds: (ContinuousClock.now - started).seconds)
        if let seconds = published.renderSeconds { metrics.recordRender(kind: "incident", seconds: seconds) }
        return published
    }

    func publish(_ incident: Incident) async throws -> String {
        try await publishRecorded(incident).entry.path
    }

    func preview(_ incident: Incident) async throws -> DraftPreview {
        let started = ContinuousClock.now
        let preview = try await pool.submit(priority: .interactive) { engine in
            let report = try engine.renderIncident(incident)
            return DraftPreview(pdf: report.pdf, pages: try engine.previews(report, dpi: Self.previewDPI))
        }
        metrics.recordRender(kind: "preview", seconds: (ContinuousClock.now - started).seconds)
        return preview
    }

    /// Page images a screen shows at about the size of the page on paper.
    static let previewDPI = 72.0
}
