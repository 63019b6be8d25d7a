import Foundation
import SOCIndicators
import SOCModel
import SOCPortal
import SOCStore
import SOCTemplates

extension Tenant {
    /// The contacts to telephone about an incident of `severity`: for critical and serious ones, the
    /// service promises a call beside the mail.
    public func contactsToCall(for severity: Severity) -> [Contact] {
        guard severity >= .serious else { return [] }
        return contacts.filter { $0.phone != nil }
    }

    /// How long a critical or serious revision may stay unacknowledged after its first mail: `override`
    /// (`--escalation-after`) when given, else the tenant's `escalationMinutes`, else 15 minutes.
    public func escalationDelay(override: TimeInterval?) -> TimeInterval {
        override ?? TimeInterval(60 * (escalationMinutes ?? Tenant.defaultEscalationMinutes))
    }
}

/// The escalation of a critical or serious revision nobody acknowledged in time, worded by `mail.escalation.subject`
/// and `mail.escalation.body`: one mail to each escalation contact with an address, and the JSON a paging
/// system gets (the incident, when it was notified and escalated, the report's page, the contacts to call).
public struct Escalation: Sendable {
    public var mails: [NewMail]
    /// The webhook's body: compact JSON with sorted keys, so its signature is over exactly these bytes.
    public var payload: [UInt8]

    public init(
        incident: Incident, tenant: Tenant, notifiedAt: String, escalatedAt: Date, wording: Wording,
        settings: NotificationSettings
    ) throws {
        let r = incident.recommendations
        let defang = ProseDefanger(domains: r.blockDomains, urls: r.blockUrls, ips: r.blockIps)
        let calls = tenant.contactsToCall(for: incident.severity)
        let clock = TimeFormatter(zone: tenant.resolvedTimeZone)
        let link = settings.publicURL.map {
            $0 + PortalPaths.report(tenantID: tenant.id, kind: .incident, id: incident.id)
        }
        var values: [String: Any] = [
            "tenant": tenant.name, "id": incident.id, "revision": wording.revision(incident.revision),
            "title": defang(incident.title),
            "severity": wording.severity(incident.severity), "determined": clock.zoned(incident.determinedAt.date),
            "notified": Timestamp(rfc3339: notifiedAt).map { clock.zoned($0.date) } ?? notifiedAt,
            "calls": calls.map { ["name": $0.name, "phone": $0.phone ?? ""] },
        ]
        if let link { values["link"] = link }
        let subject = wording.format("mail.escalation.subject", values),
            body = wording.format("mail.escalation.body", values)
        mails = try tenant.contacts.filter { $0.role == .escalation && $0.email != nil }.map { contact in
            guard let email = contact.email, let recipient = MailAddress(name: contact.name, address: email) else {
                throw NotificationError(
                    "tenant \(tenant.id) has an escalation contact address a mail cannot carry: \(contact.email ?? "")")
            }
            let domain = settings.sender.address.split(separator: "@").last.map(String.init) ?? "localhost"
            let message = MailMessage(
                from: settings.sender, to: [recipient], subject: subject, date: escalatedAt,
                timeZone: tenant.resolvedTimeZone,
                messageID:
                    "\(incident.id)-r\(incident.revision).escalation.\(SecretToken.generate().prefix(16))@\(domain)",
                body: body, attachment: nil)
            return NewMail(
                kind: .escalation, tenantID: tenant.id, incidentID: incident.id, revision: incident.revision,
                severity: incident.severity.rawValue, sender: settings.sender.address, recipient: email,
                subject: subject,
                message: message.encoded())
        }
        var document: [String: Any] = [
            "event": "escalation",
            "tenant": ["id": tenant.id, "name": tenant.name],
            "incident": [
                "id": incident.id, "revision": incident.revision, "title": defang(incident.title),
                "severity": incident.severity.rawValue,
                "determinedAt": incident.determinedAt.text,
            ],
            "notifiedAt": notifiedAt, "escalatedAt": Timestamp(escalatedAt, in: TimeZone(identifier: "UTC")!).text,
            "call": tenant.contacts.filter { $0.phone != nil }.map { contact -> [String: Any] in
                var entry: [String: Any] = ["name": contact.name, "phone": contact.phone ?? ""]
                if let role = contact.role { entry["role"] = role.rawValue }
                return entry
            },
        ]
        if let link { document["report"] = link }
        payload = Array(
            try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
    }
}
