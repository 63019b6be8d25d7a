import Foundation
import SOCMail
import SOCModel
import SOCPortal
import SOCStore

/// Writes notification mails into a folder a mail relay picks them up from: one file per contact with an address,
/// worded as the queued mails are and, when the portal has a public address, with the contact's own
/// acknowledgement link (its token's hash stored before the file is written).
public struct Outbox {
    public let folder: URL
    public let settings: NotificationSettings

    public init(folder: URL, settings: NotificationSettings) throws {
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: Portal.directoryPermissions])
        self.folder = folder
        self.settings = settings
    }

    /// Writes the mails of a published revision, each once: a revision published earlier gets none for the
    /// recipients whose file the store has recorded (nor any when it recorded the one file for all contacts that
    /// versions before per-recipient files wrote). Returns the files written.
    public func deliver(_ incident: Incident, result: IncidentPublisher.Result, publisher: IncidentPublisher)
        async throws -> [URL]
    {
        let tenant = result.tenant
        let revision = "\(tenant.id)+\(incident.id)-r\(incident.revision)"
        var written: Set<String> = []
        if result.outcome.isUnchanged {
            written = Set(
                try await publisher.store.publications(tenantID: tenant.id).filter { $0.kind == .mail }.map(\.path))
            if written.contains("\(revision).eml") { return [] }
        }
        let notification: SOCMail.Notification
        do {
            notification = try publisher.notification(
                incident, tenant: tenant, entry: result.outcome.entry,
                pdf: result.pdf ?? Array(Data(contentsOf: result.file)), settings: settings)
        } catch let error as PublishingError {
            throw PublishingError("\(result.file.path) is published, but no mail was written: \(error.description)")
        }
        var files: [URL] = []
        for recipient in notification.recipients {
            // Plain in a file name: '/' (an address may hold one) and '%' percent-encoded.
            let address = recipient.address.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(
                of: "/", with: "%2F")
            let name = "\(revision)+\(address).eml"
            guard written.insert(name).inserted else { continue }
            let token = settings.publicURL.map { _ in SecretToken.generate() }
            let mail = notification.mail(
                to: recipient, incident: incident, tenant: tenant, sender: settings.sender, token: token)
            if let token { try await publisher.store.issueAckTokens([(SecretToken.hash(token), AckRecipient(mail))]) }
            let file = folder.appendingPathComponent(name)
            try AtomicFile.write(mail.message, to: file, permissions: Portal.filePermissions)
            try await publisher.store.recordPublication(
                PublicationRecord(
                    tenantID: tenant.id, portal: folder.standardizedFileURL.path, path: name, kind: .mail,
                    documentID: incident.id,
                    revision: incident.revision, month: result.outcome.entry.month.description,
                    size: mail.message.count,
                    sha256: ContentDigest.sha256Hex(mail.message), inputSha256: result.outcome.entry.inputSha256,
                    renderer: result.outcome.entry.renderer, publishedAt: publicationTime(), command: publisher.command)
            )
            files.append(file)
        }
        return files
    }
}

/// A publishing step that could not be done, in words the user can act on.
public struct PublishingError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
