import ArgumentParser
import Foundation
import SOCModel
import SOCPortal
import SOCRender
import SOCReports
import SOCStore

struct IncidentPublish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Validate, store, render and publish one incident report; print the published file.",
        discussion: """
            The report goes to <portal>/<tenant>/incidents/YYYY/MM/<id>-r<revision>.pdf (the month of \
            determinedAt in the tenant's time zone) and into the tenant's index.json and index.html. Every \
            revision keeps its own file; publishing a revision again from the same document changes nothing, \
            and from a different document is refused. With --outbox, an RFC 5322 message with the report \
            attached is written for the tenant's contacts.
            """)

    @Argument(help: "The incident JSON document, or - for standard input.")
    var file: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var portal: PortalOptions

    @Option(help: ArgumentHelp("Also write the notification mail (.eml) into this folder.", valueName: "dir"))
    var outbox: String?

    @Option(help: ArgumentHelp("The mail's sender, \"Name <address>\" or an address (default: $SOCREPORT_MAIL_FROM, else soc-reports@localhost).", valueName: "mailbox"))
    var mailFrom: String?

    func run() throws {
        let data = try Input.read(file)
        let incident: Incident
        do { incident = try DocumentReader.readIncident(data, source: Input.name(file)) } catch {
            throw reportInvalid(error)
        }
        let sender = try outbox.map { _ in try Outbox.sender(mailFrom ?? ProcessInfo.processInfo.environment["SOCREPORT_MAIL_FROM"]) }
        let publisher = try IncidentPublisher(store: store.open(), portal: Portal(root: URL(fileURLWithPath: portal.resolvedPath)),
                                              command: "incident publish")
        let result = try publisher.publish(incident)
        print(result.file.path)
        if result.outcome.isUnchanged { printError("\(result.file.path): already published from the same document; unchanged") }
        if let outbox, let sender {
            let mail = try Outbox(folder: URL(fileURLWithPath: outbox), sender: sender)
                .deliver(incident, result: result, publisher: publisher)
            if let mail { print(mail.path) }
        }
    }
}

/// Publishes incident reports: the one path `incident publish` and `demo` share.
final class IncidentPublisher {
    let store: Store
    let portal: Portal
    let command: String
    let home: ResourceHome
    let renderer: String
    private var cachedEngine: ReportEngine?

    struct Result {
        var outcome: TenantFolder.Outcome
        var file: URL
        var tenant: Tenant
        /// Nil when nothing was rendered (already published): read the file when needed.
        var pdf: [UInt8]?
    }

    init(store: Store, portal: Portal, command: String, engine: ReportEngine? = nil) throws {
        self.store = store
        self.portal = portal
        self.command = command
        home = try engine?.home ?? ResourceHome.locate()
        renderer = Publishing.renderer(home)
        cachedEngine = engine
    }

    /// Loaded only when something must be drawn: checking that a revision is already published needs no fonts.
    var engine: ReportEngine {
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
    func publish(_ incident: Incident) throws -> Result {
        // The stored tenant decides the time zone, as it does for the monthly report.
        let tenant = try store.tenant(incident.tenant.id) ?? incident.tenant
        let document = PortalDocument.incident(
            id: incident.id, revision: incident.revision, title: incident.title, severity: incident.severity,
            month: YearMonth(containing: incident.determinedAt.date, in: tenant.resolvedTimeZone),
            inputSha256: ContentDigest.sha256Hex(try CanonicalJSON.encode(incident)), renderer: renderer)
        let folder = try portal.folder(for: tenant)
        let file = folder.url.appendingPathComponent(document.path)
        if let entry = try folder.manifest()?.entry(at: document.path), entry.inputSha256 != document.inputSha256 {
            throw CLIError(PortalError.conflict(path: "\(tenant.id)/\(entry.path)", publishedSha256: entry.inputSha256).description)
        }
        _ = try store.ingest([("$", .incident(incident))])
        if let entry = try folder.published(document) {
            return Result(outcome: .unchanged(entry), file: file, tenant: tenant, pdf: nil)
        }
        let engine = try engine
        let report = try engine.render(engine.incidentDocument(incident))
        if let skipped = report.pdfUpdateSkipped { printError("warning: \(incident.id): \(skipped)") }
        let pdf = report.pdf
        let outcome = try folder.publish(document, bytes: pdf)
        if case .published(let entry) = outcome {
            try store.recordPublication(Publishing.record(entry, tenant: tenant.id, portal: portal, command: command))
        }
        return Result(outcome: outcome, file: file, tenant: tenant, pdf: pdf)
    }
}
