import ArgumentParser
import Foundation
import Logging
import SOCServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the API: ingest documents, publish incidents, start monthly runs, read portal entries.",
        discussion: """
            Settings come from the JSON file given by --config, then from environment variables \
            (SOCREPORT_DB, SOCREPORT_PORTAL, SOCREPORT_LISTEN, SOCREPORT_SMTP, …), then from these flags; \
            the README lists them all. SIGTERM or SIGINT stops accepting connections, finishes the requests \
            in flight and exits 0.
            """)

    @Option(help: ArgumentHelp("The JSON configuration file.", valueName: "file"))
    var config: String?
    @Option(
        help: ArgumentHelp(
            "The store: a SQLite file or a postgres:// URL (default ./socreport.sqlite).", valueName: "path-or-url"))
    var db: String?
    @Option(help: ArgumentHelp("The portal folder (default ./portal).", valueName: "dir"))
    var portal: String?
    @Option(help: ArgumentHelp("The address to listen on (default 127.0.0.1:8080).", valueName: "host:port"))
    var listen: String?
    @Option(
        help: ArgumentHelp(
            "A second address for /metrics and /readyz's details, kept off the public one.", valueName: "host:port"))
    var adminListen: String?
    @Option(
        help: ArgumentHelp("Render threads, each with a warm engine (default: the number of cores).", valueName: "n"))
    var workers: String?
    @Option(
        help: ArgumentHelp(
            "Incidents waiting for a render worker beyond which publishing answers 503 (default 64).", valueName: "n"))
    var queueLimit: String?
    @Option(
        help: ArgumentHelp(
            "The mail relay: smtp://[user:pass@]host[:port] (STARTTLS required; ?tls=opportunistic or ?tls=none to opt out) or smtps://….",
            valueName: "url"))
    var smtp: String?
    @Option(
        help: ArgumentHelp(
            "PEM file of the CAs to check the relay's certificate against instead of the system's.", valueName: "file"))
    var smtpCA: String?
    @Option(help: ArgumentHelp("The notification mails' sender, \"Name <address>\".", valueName: "mailbox"))
    var mailFrom: String?
    @Option(help: ArgumentHelp("The portal's public URL, for links in mails.", valueName: "url"))
    var publicURL: String?
    @Option(
        help: ArgumentHelp(
            "Seconds a claimed mail is left to its deliverer before it is sent again (default 300).",
            valueName: "seconds"))
    var mailLease: String?
    @Option(
        help: ArgumentHelp("attach (the PDF, unless TLP:RED) or link (the portal link only).", valueName: "attach|link")
    )
    var mailDelivery: String?
    @Option(help: ArgumentHelp("Seconds an idle connection is kept open (default 60).", valueName: "seconds"))
    var idleTimeout: String?
    @Option(
        help: ArgumentHelp(
            "A proxy (address or CIDR network) whose X-Forwarded-For names the client; repeatable.", valueName: "cidr"))
    var trustedProxy: [String] = []
    @Option(
        help: ArgumentHelp(
            "Escalate unacknowledged critical and serious revisions this long after their first mail, whatever the tenants say (e.g. 5s, 15m).",
            valueName: "duration"))
    var escalationAfter: String?
    @Option(help: ArgumentHelp("POST each escalation as signed JSON to this paging system.", valueName: "url"))
    var webhook: String?
    @Option(
        help: ArgumentHelp(
            "The key of the webhook's HMAC-SHA256 signature (X-Socreport-Signature).", valueName: "secret"))
    var webhookSecret: String?

    func run() async throws {
        let flags = [
            "db": db, "portal": portal, "listen": listen, "workers": workers, "queue-limit": queueLimit, "smtp": smtp,
            "smtp-ca": smtpCA,
            "mail-from": mailFrom, "public-url": publicURL, "mail-delivery": mailDelivery, "mail-lease": mailLease,
            "idle-timeout": idleTimeout, "admin-listen": adminListen,
            "escalation-after": escalationAfter, "webhook": webhook, "webhook-secret": webhookSecret,
            "trusted-proxy": trustedProxy.isEmpty ? nil : trustedProxy.joined(separator: ","),
        ].compactMapValues { $0 }
        let settings: ServerConfig
        do {
            settings = try ServerConfig.load(file: config, flags: flags)
        } catch {
            printError("invalid configuration:\n\(error.description)")
            throw ExitCode(2)
        }
        Logs.bootstrap
        var logger = Logger(label: "socreport.serve")
        logger.logLevel = settings.logLevel
        let server: ReportServer
        do {
            server = try ReportServer(config: settings, logger: logger)
        } catch {
            throw CLIError("cannot start the server: \(error)")
        }
        try await server.run()
        logger.info("stopped")
    }
}
