import Foundation
import SOCEngine
import SOCIndicators
import SOCMail
import SOCModel
import SOCPortal
import SOCStore
import SOCTemplates

/// Publishes incident reports: the one path the CLI, the demo and the server share.
public final class IncidentPublisher {
    public let store: Store
    public let portal: Portal
    public let command: String
    public let home: ResourceHome
    public let renderer: String
    /// When set, publishing a revision queues its notification mails in the store.
    public let notifications: NotificationSettings?
    private var cachedEngine: ReportEngine?

    public struct Result: Sendable {
        public var outcome: TenantFolder.Outcome
        public var file: URL
        public var tenant: Tenant
        /// Nil when nothing was rendered (already published): read the file when needed.
        public var pdf: [UInt8]?
        /// The indicator files beside the report.
        public var indicators: [TenantFolder.Outcome]
        /// Values of the record left out of the indicator files (e.g. a "domain" with a space in it).
        public var indicatorProblems: [IndicatorProblem]
        /// How long drawing the PDF took; nil when nothing was drawn.
        public var renderSeconds: Double?
        /// Notification mails this call queued (none when the revision was published before).
        public var queuedMails: Int
        /// Whom to telephone as well: the tenant's contacts with a phone, for critical and serious incidents.
        public var contactsToCall: [Contact]
    }

    /// `renderer` is the engine's fingerprint when the caller has it already (a `RenderPool`'s).
    public init(
        store: Store, portal: Portal, command: String, engine: ReportEngine? = nil, renderer: String? = nil,
        notifications: NotificationSettings? = nil
    ) throws {
        self.store = store
        self.portal = portal
        self.command = command
        self.notifications = notifications
        home = try engine?.home ?? ResourceHome.locate()
        self.renderer = renderer ?? Publishing.renderer(home)
        cachedEngine = engine
    }

    /// Loaded only when something must be drawn: checking that a revision is already published needs no fonts.
    public var engine: ReportEngine {
        get throws {
            if let cachedEngine { return cachedEngine }
            let engine = try ReportEngine(home: home)
            cachedEngine = engine
            return engine
        }
    }

    /// Stores the incident, then renders and publishes it unless the portal already has this revision
    /// from the same document, recording the publication and queuing its notification mails in one
    /// store transaction. A revision published from a different document, or mail settings with a
    /// tenant no mail can reach, are refused before anything is stored.
    public func publish(_ incident: Incident) async throws -> Result {
        // The stored tenant decides the time zone, as it does for the monthly report.
        let tenant = try await store.tenant(incident.tenant.id) ?? incident.tenant
        if notifications != nil { _ = try Self.publishingError { try SOCMail.Notification.recipients(of: tenant) } }
        let calls = tenant.contactsToCall(for: incident.severity)
        let document = PortalDocument.incident(
            id: incident.id, revision: incident.revision, title: incident.title, severity: incident.severity,
            month: YearMonth(containing: incident.determinedAt.date, in: tenant.resolvedTimeZone),
            inputSha256: ContentDigest.sha256Hex(try CanonicalJSON.encode(incident)), renderer: renderer)
        let folder = try portal.folder(for: tenant)
        let file = folder.url.appendingPathComponent(document.path)
        if let entry = try folder.manifest()?.entry(at: document.path), entry.inputSha256 != document.inputSha256 {
            throw PortalError.conflict(path: "\(tenant.id)/\(entry.path)", publishedSha256: entry.inputSha256)
        }
        _ = try await store.ingest([("$", .incident(incident))])
        let indicators = IndicatorList(incident: incident)
        let files = try Publishing.indicatorFiles(indicators, of: document)
        if let entry = try folder.published(document) {
            // Indicator files are still published: a portal published before they existed gets them.
            let outcomes = try folder.publish(files)
            // A crash between putting the report in place and recording it left neither record nor mails.
            let unrecorded = try await store.hasPublication(tenantID: tenant.id, path: entry.path) ? nil : entry
            let queued = try await record(
                (unrecorded.map { [.published($0)] } ?? []) + outcomes, files: files, notifying: unrecorded,
                incident: incident, tenant: tenant, pdf: { Array(try Data(contentsOf: file)) })
            return Result(
                outcome: .unchanged(entry), file: file, tenant: tenant, pdf: nil, indicators: outcomes,
                indicatorProblems: indicators.problems, renderSeconds: nil, queuedMails: queued, contactsToCall: calls)
        }
        let engine = try engine
        let started = Date()
        let pdf = try engine.render(engine.incidentDocument(incident)).pdf
        let renderSeconds = Date().timeIntervalSince(started)
        let outcomes = try folder.publish([(document, pdf)] + files)
        let report: ManifestEntry? = if case .published(let entry) = outcomes[0] { entry } else { nil }
        let queued = try await record(
            outcomes, files: files, notifying: report, incident: incident, tenant: tenant, pdf: { pdf })
        return Result(
            outcome: outcomes[0], file: file, tenant: tenant, pdf: pdf, indicators: Array(outcomes.dropFirst()),
            indicatorProblems: indicators.problems, renderSeconds: renderSeconds, queuedMails: queued,
            contactsToCall: calls)
    }

    /// Records every file the outcomes say was written, indexes the objects of the STIX bundle among `files`
    /// for TAXII and, for a newly recorded `report`, queues its notification mails, all in one store
    /// transaction; returns how many mails were queued.
    private func record(
        _ outcomes: [TenantFolder.Outcome], files: [(document: PortalDocument, bytes: [UInt8])],
        notifying report: ManifestEntry?, incident: Incident, tenant: Tenant,
        pdf: () throws -> [UInt8]
    ) async throws -> Int {
        var mails: [NewMail] = []
        if let report, let notifications {
            mails = try notification(incident, tenant: tenant, entry: report, pdf: pdf(), settings: notifications)
                .queued(incident: incident, tenant: tenant, sender: notifications.sender)
        }
        try await store.recordPublications(
            Publishing.records(outcomes, tenant: tenant.id, portal: portal, command: command), queueing: mails,
            indexing: Publishing.taxiiIndex(files, tenant: tenant.id))
        return mails.count
    }

    func notification(
        _ incident: Incident, tenant: Tenant, entry: ManifestEntry, pdf: [UInt8],
        settings: NotificationSettings
    ) throws -> SOCMail.Notification {
        try Self.publishingError {
            try SOCMail.Notification(
                incident: incident, tenant: tenant, path: "\(tenant.id)/\(entry.path)", pdf: pdf,
                wording: engine.wordings[incident.reportLanguage]!, settings: settings)
        }
    }

    /// A tenant no mail can reach is refused as a publishing step that cannot be done.
    private static func publishingError<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as NotificationError { throw PublishingError(error.description) }
    }
}
