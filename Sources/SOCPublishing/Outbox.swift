import Foundation
import SOCModel
import SOCPortal
import SOCStore

/// Writes notification mails into a folder a mail relay picks them up from, one per incident revision
/// addressed to all the tenant's contacts, worded as the queued mails are.
public struct Outbox {
    public let folder: URL
    public let settings: NotificationSettings

    public init(folder: URL, settings: NotificationSettings) throws {
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: Portal.directoryPermissions])
        self.folder = folder
        self.settings = settings
    }

    /// Writes the mail for a published revision, once: a revision published earlier whose mail the store
    /// has recorded gets none. Returns the file written, nil when there was nothing to write.
    public func deliver(_ incident: Incident, result: IncidentPublisher.Result, publisher: IncidentPublisher) async throws -> URL? {
        let tenant = result.tenant
        let name = "\(tenant.id)+\(incident.id)-r\(incident.revision).eml"
        let file = folder.appendingPathComponent(name)
        if result.outcome.isUnchanged,
           try await publisher.store.publications(tenantID: tenant.id).contains(where: { $0.kind == .mail && $0.path == name }) {
            return nil
        }
        let notification: Notification
        do {
            notification = try publisher.notification(incident, tenant: tenant, entry: result.outcome.entry,
                                                      pdf: result.pdf ?? Array(Data(contentsOf: result.file)), settings: settings)
        } catch let error as PublishingError {
            throw PublishingError("\(result.file.path) is published, but no mail was written: \(error.description)")
        }
        let bytes = notification.message(to: notification.recipients, from: settings.sender, incident: incident, tenant: tenant).encoded()
        try AtomicFile.write(bytes, to: file, permissions: Portal.filePermissions)
        try await publisher.store.recordPublication(PublicationRecord(
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
