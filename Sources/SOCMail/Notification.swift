import Foundation
import SOCIndicators
import SOCModel
import SOCPortal
import SOCStore
import SOCTemplates

/// How notification mails are made: who sends them, where the portal is, whether the report goes along.
public struct NotificationSettings: Sendable {
    public var sender: MailAddress
    /// The portal's public address: a mail links to the report's page, `<publicURL>/t/<tenant>/reports/incident/<id>`
    /// (which shows every revision and its downloads, after sign-in). Without it the mail names the file's place in the portal.
    public var publicURL: String?
    /// Link only: no report attached, whatever the incident's TLP.
    public var linkOnly: Bool

    public init(sender: MailAddress, publicURL: String? = nil, linkOnly: Bool = false) {
        self.sender = sender
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.linkOnly = linkOnly
    }

    /// `Name <address>` or a bare address; soc-reports@localhost when nil.
    public static func mailbox(_ text: String?) throws -> MailAddress {
        let text = text ?? "soc-reports@localhost"
        var name: String?
        var address = text.trimmingCharacters(in: .whitespaces)
        if let open = address.firstIndex(of: "<"), address.hasSuffix(">") {
            name = address[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "\""))
            address = String(address[address.index(after: open)..<address.index(before: address.endIndex)])
        }
        guard let mailbox = MailAddress(name: name, address: address) else {
            throw NotificationError("the mail sender \"\(text)\" is not an address like \"SOC <soc@example.com>\"")
        }
        return mailbox
    }
}

/// The notification of one published incident revision, worded by `Templates/<lang>.json`
/// (`mail.subject`, `mail.body`). The title, and a follow-up report's revision note, are defanged exactly
/// as the report defangs them, so a URL in them is never live in a mail client either. Each recipient's message
/// (queued, or an outbox file) carries a personal acknowledgement link, `<publicURL>/ack/<token>`.
public struct Notification: Sendable {
    public var subject: String
    public var recipients: [MailAddress]
    public var attachment: MailMessage.Attachment?
    private let wording: Wording
    private let values: [String: any Sendable]
    private let publicURL: String?

    /// The tenant's contacts with a mail address (escalation contacts get escalations only); throws when
    /// there is none or one a mail cannot carry.
    public static func recipients(of tenant: Tenant) throws -> [MailAddress] {
        var recipients: [MailAddress] = []
        var unusable: [String] = []
        for contact in tenant.contacts where contact.role != .escalation {
            guard let email = contact.email else { continue }
            if let address = MailAddress(name: contact.name, address: email) {
                recipients.append(address)
            } else {
                unusable.append(email)
            }
        }
        guard unusable.isEmpty else {
            throw NotificationError(
                "tenant \(tenant.id) has contact addresses a mail cannot carry: \(unusable.joined(separator: ", "))")
        }
        guard !recipients.isEmpty else {
            throw NotificationError("tenant \(tenant.id) has no contact with an email address")
        }
        return recipients
    }

    /// `path` is the report's place in the portal, `<tenant>/<path in its folder>`, which a mail without a link names.
    public init(
        incident: Incident, tenant: Tenant, path: String, pdf: [UInt8], wording: Wording, settings: NotificationSettings
    ) throws {
        let r = incident.recommendations
        let defang = ProseDefanger(domains: r.blockDomains, urls: r.blockUrls, ips: r.blockIps)
        let attached = !settings.linkOnly && incident.tlp != .red
        var values: [String: any Sendable] = [
            "tenant": tenant.name, "id": incident.id, "revision": wording.revision(incident.revision),
            "title": defang(incident.title), "severity": wording.severity(incident.severity),
            "threatType": wording.threatType(incident.threatType),
            "determined": TimeFormatter(zone: tenant.resolvedTimeZone).zoned(incident.determinedAt.date),
            "tlp": incident.tlp.rawValue.uppercased(), "attached": attached, "path": path,
        ]
        if let url = settings.publicURL {
            values["link"] = url + PortalPaths.report(tenantID: tenant.id, kind: .incident, id: incident.id)
        }
        if incident.revision > 1, let note = incident.revisionNote { values["note"] = defang(note) }
        subject = wording.format("mail.subject", values)
        self.wording = wording
        self.values = values
        publicURL = settings.publicURL
        recipients = try Self.recipients(of: tenant)
        attachment =
            attached
            ? MailMessage.Attachment(
                fileName: "\(incident.id)-r\(incident.revision).pdf", contentType: "application/pdf", bytes: pdf)
            : nil
    }

    /// The body, with the acknowledgement link `ack` when given.
    public func body(ack: String? = nil) -> String {
        var values: [String: Any] = self.values
        if let ack { values["ack"] = ack }
        return wording.format("mail.body", values)
    }

    /// The message for `recipient`, with a Message-ID unique to it (and `ack`, the recipient's link).
    private func message(
        to recipient: MailAddress, from sender: MailAddress, incident: Incident, tenant: Tenant, ack: String?
    ) -> MailMessage {
        let domain = sender.address.split(separator: "@").last.map(String.init) ?? "localhost"
        let random = (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        return MailMessage(
            from: sender, to: [recipient], subject: subject, date: Date(), timeZone: tenant.resolvedTimeZone,
            messageID: "\(incident.id)-r\(incident.revision).\(random)@\(domain)", body: body(ack: ack),
            attachment: attachment)
    }

    /// `recipient`'s message with, when the portal has a public address, its own acknowledgement link: with
    /// `token` (an outbox file, whose token's hash the caller stores), else with `unmintedAckToken`,
    /// for which the deliverer mints the token as it sends the mail.
    public func mail(
        to recipient: MailAddress, incident: Incident, tenant: Tenant, sender: MailAddress, token: String? = nil
    ) -> NewMail {
        let ack = publicURL.map { $0 + PortalPaths.ack(token: token ?? Self.unmintedAckToken) }
        return NewMail(
            kind: .notification, tenantID: tenant.id, incidentID: incident.id, revision: incident.revision,
            severity: incident.severity.rawValue, sender: sender.address, recipient: recipient.address,
            subject: subject,
            message: message(to: recipient, from: sender, incident: incident, tenant: tenant, ack: ack).encoded())
    }

    /// Stands for the token in a queued mail's link: the deliverer mints the token as it sends the mail
    /// (`MailMessage.replacingInText`), so the token in clear is never stored.
    static let unmintedAckToken = "ACK-TOKEN-MINTED-AT-DELIVERY"

    /// One message per recipient, for the queue: each has its own delivery state and link.
    public func queued(incident: Incident, tenant: Tenant, sender: MailAddress) -> [NewMail] {
        recipients.map { mail(to: $0, incident: incident, tenant: tenant, sender: sender) }
    }
}

/// A notification or escalation that cannot be made: a sender or contact address a mail cannot carry, or no
/// contact to mail.
public struct NotificationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
