import Foundation
import SOCEngine
import SOCIndicators
import SOCModel
import SOCPortal
import SOCReports
import SOCStore

/// Publishes incident reports: the one path the CLI, the demo and the server share.
public final class IncidentPublisher {
    public let store: Store
    public let portal: Portal
    public let command: String
    public let home: ResourceHome
    public let renderer: String
    private var cachedEngine: ReportEngine?

    public struct Result {
        public var outcome: TenantFolder.Outcome
        public var file: URL
        public var tenant: Tenant
        /// Nil when nothing was rendered (already published): read the file when needed.
        public var pdf: [UInt8]?
        /// The indicator files beside the report.
        public var indicators: [TenantFolder.Outcome]
        /// Values of the record left out of the indicator files (e.g. a "domain" with a space in it).
        public var indicatorProblems: [IndicatorProblem]
    }

    public init(store: Store, portal: Portal, command: String, engine: ReportEngine? = nil) throws {
        self.store = store
        self.portal = portal
        self.command = command
        home = try engine?.home ?? ResourceHome.locate()
        renderer = Publishing.renderer(home)
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
    /// from the same document. A revision published from a different document is refused before
    /// anything is stored.
    public func publish(_ incident: Incident) throws -> Result {
        // The stored tenant decides the time zone, as it does for the monthly report.
        let tenant = try store.tenant(incident.tenant.id) ?? incident.tenant
        let document = PortalDocument.incident(
            id: incident.id, revision: incident.revision, title: incident.title, severity: incident.severity,
            month: YearMonth(containing: incident.determinedAt.date, in: tenant.resolvedTimeZone),
            inputSha256: ContentDigest.sha256Hex(try CanonicalJSON.encode(incident)), renderer: renderer)
        let folder = try portal.folder(for: tenant)
        let file = folder.url.appendingPathComponent(document.path)
        if let entry = try folder.manifest()?.entry(at: document.path), entry.inputSha256 != document.inputSha256 {
            throw PortalError.conflict(path: "\(tenant.id)/\(entry.path)", publishedSha256: entry.inputSha256)
        }
        _ = try store.ingest([("$", .incident(incident))])
        let indicators = IndicatorList(incident: incident)
        let files = try Publishing.indicatorFiles(indicators, of: document)
        if let entry = try folder.published(document) {
            // Indicator files are still published: a portal published before they existed gets them.
            let outcomes = try folder.publish(files)
            try Publishing.record(outcomes, tenant: tenant.id, portal: portal, store: store, command: command)
            return Result(outcome: .unchanged(entry), file: file, tenant: tenant, pdf: nil,
                          indicators: outcomes, indicatorProblems: indicators.problems)
        }
        let engine = try engine
        let pdf = try engine.render(engine.incidentDocument(incident)).pdf
        let outcomes = try folder.publish([(document, pdf)] + files)
        try Publishing.record(outcomes, tenant: tenant.id, portal: portal, store: store, command: command)
        return Result(outcome: outcomes[0], file: file, tenant: tenant, pdf: pdf,
                      indicators: Array(outcomes.dropFirst()), indicatorProblems: indicators.problems)
    }
}
