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
            inputSha256: SHA256.hex(try CanonicalJSON.encode(incident)), renderer: renderer)
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
        let pdf = try engine.render(engine.incidentDocument(incident)).pdf
        let outcome = try folder.publish(document, bytes: pdf)
        if case .published(let entry) = outcome {
            try store.recordPublication(Publishing.record(entry, tenant: tenant.id, portal: portal, command: command))
        }
        return Result(outcome: outcome, file: file, tenant: tenant, pdf: pdf)
    }
}

/// Writes notification mails into a folder a mail relay picks them up from, one per incident revision.
struct Outbox {
    let folder: URL
    let sender: MailAddress

    init(folder: URL, sender: MailAddress) throws {
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: Portal.directoryPermissions])
        self.folder = folder
        self.sender = sender
    }

    static func sender(_ text: String?) throws -> MailAddress {
        let text = text ?? "soc-reports@localhost"
        var name: String?
        var address = text.trimmingCharacters(in: .whitespaces)
        if let open = address.firstIndex(of: "<"), address.hasSuffix(">") {
            name = address[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            address = String(address[address.index(after: open)..<address.index(before: address.endIndex)])
        }
        guard let mailbox = MailAddress(name: name, address: address) else {
            throw CLIError("the mail sender \"\(text)\" is not an address like \"SOC <soc@example.com>\"")
        }
        return mailbox
    }

    /// Writes the mail for a published revision, once: a revision published earlier whose mail the store
    /// has recorded gets none. Returns the file written, nil when there was nothing to write.
    func deliver(_ incident: Incident, result: IncidentPublisher.Result, publisher: IncidentPublisher) throws -> URL? {
        let tenant = result.tenant
        let name = "\(tenant.id)+\(incident.id)-r\(incident.revision).eml"
        let file = folder.appendingPathComponent(name)
        if result.outcome.isUnchanged,
           try publisher.store.publications(tenantID: tenant.id).contains(where: { $0.kind == "mail" && $0.path == name }) {
            return nil
        }
        var recipients: [MailAddress] = []
        var unusable: [String] = []
        for contact in tenant.contacts {
            guard let email = contact.email else { continue }
            if let address = MailAddress(name: contact.name, address: email) { recipients.append(address) } else { unusable.append(email) }
        }
        guard unusable.isEmpty else {
            throw CLIError("\(result.file.path) is published, but no mail was written: tenant \(tenant.id) has contact addresses a mail cannot carry: \(unusable.joined(separator: ", "))")
        }
        guard !recipients.isEmpty else {
            throw CLIError("\(result.file.path) is published, but no mail was written: tenant \(tenant.id) has no contact with an email address")
        }
        let pdf = try result.pdf ?? Array(Data(contentsOf: result.file))
        let language = incident.reportLanguage
        let severity = try publisher.engine.wordings[language]?.severity(incident.severity) ?? incident.severity.rawValue
        let determined = Timestamp(incident.determinedAt.date, in: tenant.resolvedTimeZone).text
        let path = "\(tenant.id)/\(result.outcome.entry.path)"
        let subject: String, body: String
        switch language {
        case .ja:
            subject = "【\(severity)】\(incident.id) 第\(incident.revision)報: \(incident.title)"
            body = """
                \(tenant.name) ご担当者様

                インシデント報告書（第\(incident.revision)報）をお送りします。

                  インシデントID: \(incident.id)
                  件名: \(incident.title)
                  重大度: \(severity)
                  判定日時: \(determined)

                詳細は添付の報告書（PDF）をご確認ください。ポータルにも掲載しています: \(path)
                """
        case .en:
            subject = "[\(severity)] \(incident.id) revision \(incident.revision): \(incident.title)"
            body = """
                Dear \(tenant.name) security contact,

                Please find attached incident report revision \(incident.revision).

                  Incident ID: \(incident.id)
                  Title: \(incident.title)
                  Severity: \(severity)
                  Determined at: \(determined)

                The report is also on the portal: \(path)
                """
        }
        let domain = sender.address.split(separator: "@").last.map(String.init) ?? "localhost"
        let random = SHA256.hex(Array("\(name)\(Date().timeIntervalSince1970)\(UInt64.random(in: 0...UInt64.max))".utf8)).prefix(16)
        let message = MailMessage(
            from: sender, to: recipients, subject: subject, date: Date(), timeZone: tenant.resolvedTimeZone,
            messageID: "\(incident.id)-r\(incident.revision).\(random)@\(domain)", body: body,
            attachment: MailMessage.Attachment(fileName: "\(incident.id)-r\(incident.revision).pdf", contentType: "application/pdf", bytes: pdf))
        let bytes = message.encoded()
        try AtomicFile.write(bytes, to: file, permissions: Portal.filePermissions)
        try publisher.store.recordPublication(PublicationRecord(
            tenantID: tenant.id, portal: folder.standardizedFileURL.path, path: name, kind: "mail", documentID: incident.id,
            revision: incident.revision, month: result.outcome.entry.month.description, size: bytes.count,
            sha256: SHA256.hex(bytes), inputSha256: result.outcome.entry.inputSha256, renderer: result.outcome.entry.renderer,
            publishedAt: Timestamp(Date(), in: TimeZone(identifier: "UTC")!).text, command: publisher.command))
        return file
    }
}

/// What every publishing command shares.
enum Publishing {
    /// Raise when a change to the code alters rendered output, so unchanged monthly bundles are drawn again.
    static let engineVersion = "socreport-engine-1"

    static func renderer(_ home: ResourceHome) -> String {
        RendererFingerprint.make(version: engineVersion, contentFolders: [home.templates], listedFolders: [home.fonts])
    }

    static func record(_ entry: ManifestEntry, tenant: String, portal: Portal, command: String) -> PublicationRecord {
        PublicationRecord(
            tenantID: tenant, portal: portal.root.path, path: entry.path, kind: entry.kind.rawValue, documentID: entry.id,
            revision: entry.revision, month: entry.month.description, size: entry.size, sha256: entry.sha256,
            inputSha256: entry.inputSha256, renderer: entry.renderer, publishedAt: entry.publishedAt, command: command)
    }
}

extension TenantFolder.Outcome {
    var isUnchanged: Bool {
        if case .unchanged = self { return true }
        return false
    }
}
