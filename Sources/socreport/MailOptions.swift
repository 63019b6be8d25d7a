import ArgumentParser
import Foundation
import SOCMail
import SOCPublishing

/// The relay and how mails are made: flags, else environment variables.
struct MailOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The relay, smtp://[user:password@]host[:port] (STARTTLS required; ?tls=opportunistic or ?tls=none to opt out) or smtps://… (default: $SOCREPORT_SMTP).",
            valueName: "url"))
    var smtp: String?

    @Option(
        help: ArgumentHelp(
            "PEM file of the CAs the relay's certificate is checked against instead of the system's (default: $SOCREPORT_SMTP_CA).",
            valueName: "file"))
    var smtpCA: String?

    @Option(
        help: ArgumentHelp(
            "The mail's sender, \"Name <address>\" or an address (default: $SOCREPORT_MAIL_FROM, else soc-reports@localhost).",
            valueName: "mailbox"))
    var mailFrom: String?

    @Option(
        help: ArgumentHelp(
            "The portal's public address mails link to (default: $SOCREPORT_PUBLIC_URL).", valueName: "url"))
    var publicURL: String?

    @Flag(help: "Never attach the report; mails carry the portal link only (TLP:RED reports are never attached).")
    var mailLinkOnly = false

    private static let environment = ProcessInfo.processInfo.environment

    var relay: String? { smtp ?? Self.environment["SOCREPORT_SMTP"] }

    func notificationSettings() throws -> NotificationSettings {
        NotificationSettings(
            sender: try NotificationSettings.mailbox(mailFrom ?? Self.environment["SOCREPORT_MAIL_FROM"]),
            publicURL: publicURL ?? Self.environment["SOCREPORT_PUBLIC_URL"], linkOnly: mailLinkOnly)
    }

    /// The SMTP client when a relay is given.
    func client() throws -> SMTPClient? {
        guard let relay else { return nil }
        return try SMTPClient(
            settings: SMTPSettings(url: relay, caFile: smtpCA ?? Self.environment["SOCREPORT_SMTP_CA"]))
    }
}
