import Foundation
import SOCModel
import SOCPortal
import SOCEngine
import SOCReports
import SOCStore

/// Writes notification mails into a folder a mail relay picks them up from, one per incident revision.
public struct Outbox {
    public let folder: URL
    public let sender: MailAddress

    public init(folder: URL, sender: MailAddress) throws {
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: Portal.directoryPermissions])
        self.folder = folder
        self.sender = sender
    }

    public static func sender(_ text: String?) throws -> MailAddress {
        let text = text ?? "soc-reports@localhost"
        var name: String?
        var address = text.trimmingCharacters(in: .whitespaces)
        if let open = address.firstIndex(of: "<"), address.hasSuffix(">") {
            name = address[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            address = String(address[address.index(after: open)..<address.index(before: address.endIndex)])
        }
        guard let mailbox = MailAddress(name: name, address: address) else {
            throw PublishingError("the mail sender \"\(text)\" is not an address like \"SOC <soc@example.com>\"")
        }
        return mailbox
    }

    /// Writes the mail for a published revision, once: a revision published earlier whose mail the store
    /// has recorded gets none. Returns the file written, nil when there was nothing to write.
    public func deliver(_ incident: Incident, result: IncidentPublisher.Result, publisher: IncidentPublisher) throws -> URL? {
        let tenant = result.tenant
        let name = "\(tenant.id)+\(incident.id)-r\(incident.revision).eml"
        let file = folder.appendingPathComponent(name)
        if result.outcome.isUnchanged,
           try publisher.store.publications(tenantID: tenant.id).contains(where: { $0.kind == .mail && $0.path == name }) {
            return nil
        }
        var recipients: [MailAddress] = []
        var unusable: [String] = []
        for contact in tenant.contacts {
            guard let email = contact.email else { continue }
            if let address = MailAddress(name: contact.name, address: email) { recipients.append(address) } else { unusable.append(email) }
        }
        guard unusable.isEmpty else {
            throw PublishingError("\(result.file.path) is published, but no mail was written: tenant \(tenant.id) has contact addresses a mail cannot carry: \(unusable.joined(separator: ", "))")
        }
        guard !recipients.isEmpty else {
            throw PublishingError("\(result.file.path) is published, but no mail was written: tenant \(tenant.id) has no contact with an email address")
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
        let random = ContentDigest.sha256Hex(Array("\(name)\(Date().timeIntervalSince1970)\(UInt64.random(in: 0...UInt64.max))".utf8)).prefix(16)
        let message = MailMessage(
            from: sender, to: recipients, subject: subject, date: Date(), timeZone: tenant.resolvedTimeZone,
            messageID: "\(incident.id)-r\(incident.revision).\(random)@\(domain)", body: body,
            attachment: MailMessage.Attachment(fileName: "\(incident.id)-r\(incident.revision).pdf", contentType: "application/pdf", bytes: pdf))
        let bytes = message.encoded()
        try AtomicFile.write(bytes, to: file, permissions: Portal.filePermissions)
        try publisher.store.recordPublication(PublicationRecord(
            tenantID: tenant.id, portal: folder.standardizedFileURL.path, path: name, kind: .mail, documentID: incident.id,
            revision: incident.revision, month: result.outcome.entry.month.description, size: bytes.count,
            sha256: ContentDigest.sha256Hex(bytes), inputSha256: result.outcome.entry.inputSha256, renderer: result.outcome.entry.renderer,
            publishedAt: publicationTime(), command: publisher.command))
        return file
    }
}

/// A publishing step that could not be done, in words the user can act on.
public struct PublishingError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
