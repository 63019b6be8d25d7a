import Foundation
import Logging
import SOCMail
import SOCModel
import SOCPublishing
import SOCWeb

/// Everything `socreport serve` is configured by. Each setting can come from the JSON config file,
/// an environment variable or a command-line flag; later ones win (file < environment < flag).
public struct ServerConfig: Sendable {
    public var db = "socreport.sqlite"
    public var portal = "portal"
    public var listen = ListenAddress(host: "127.0.0.1", port: 8080)
    /// A second listener for `/metrics` and `/readyz`'s details, kept off the public one; nil serves them on `listen`.
    public var adminListen: ListenAddress?
    /// Render threads, each with its own warm report engine.
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// Incidents waiting for a render worker beyond which publishing is answered 503.
    public var queueLimit = 64
    /// Request bodies larger than this are refused with 413.
    public var maxBodyBytes = DocumentReader.maxInputSize
    public var logLevel = Logger.Level.info
    /// Seconds a connection may stay idle (no request, no response under way) before the server closes it.
    public var idleTimeout: Double = 60
    public var mail = MailSettings()
    public var escalation = EscalationSettings()
    /// Proxies (networks) whose `X-Forwarded-For` is believed: the sign-in throttle counts the client it names.
    public var trustedProxies: [IPNetwork] = []

    public init() {}

    /// What notification mail needs; the mail delivery service reads it.
    public struct MailSettings: Sendable {
        /// The relay mail is submitted to; nil sends no mail.
        public var smtp: SMTPSettings?
        /// PEM file of the CAs the relay's certificate is checked against instead of the system's.
        public var smtpCA: String?
        public var from: MailAddress = (try? NotificationSettings.mailbox(nil))!
        /// Where the portal is seen from outside, for links in mails.
        public var publicURL: URL?
        public var delivery = Delivery.attach
        /// Seconds a claimed mail is left to its deliverer before it is taken to have died and sent again.
        public var leaseSeconds = RetryPolicy().lease

        /// How publishing words and addresses the mails.
        public var notifications: NotificationSettings {
            NotificationSettings(sender: from, publicURL: publicURL?.absoluteString, linkOnly: delivery == .link)
        }

        public enum Delivery: String, Sendable {
            /// The PDF is attached (unless the incident is TLP:RED).
            case attach
            /// Only the portal link is sent.
            case link
        }
    }

    public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// "HOST:PORT", "[v6]:PORT" or ":PORT" (all interfaces).
        init(parsing text: String) throws(ConfigProblem) {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                (0...65535).contains(port)
            else {
                throw ConfigProblem("\"\(text)\" is not HOST:PORT, e.g. 127.0.0.1:8080")
            }
            var host = String(text[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            self.host = host.isEmpty ? "0.0.0.0" : host
            self.port = port
        }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }
}

extension ServerConfig {
    /// One setting: its key in the config file (dots for nesting), its environment variable and flag, and how
    /// its text is read. Paths in the config file are relative to the file's folder.
    struct Setting: Sendable {
        let key: String
        let environment: String
        let flag: String
        var isPath = false
        let apply: @Sendable (inout ServerConfig, String) throws(ConfigProblem) -> Void
    }

    static let settings: [Setting] = [
        Setting(key: "db", environment: "SOCREPORT_DB", flag: "db", isPath: true) {
            config, text throws(ConfigProblem) in config.db = text
        },
        Setting(key: "portal", environment: "SOCREPORT_PORTAL", flag: "portal", isPath: true) {
            config, text throws(ConfigProblem) in config.portal = text
        },
        Setting(key: "listen", environment: "SOCREPORT_LISTEN", flag: "listen") { config, text throws(ConfigProblem) in
            config.listen = try ListenAddress(parsing: text)
        },
        Setting(key: "adminListen", environment: "SOCREPORT_ADMIN_LISTEN", flag: "admin-listen") {
            config, text throws(ConfigProblem) in
            config.adminListen = try ListenAddress(parsing: text)
        },
        Setting(key: "workers", environment: "SOCREPORT_WORKERS", flag: "workers") {
            config, text throws(ConfigProblem) in
            guard let n = Int(text), (1...256).contains(n) else {
                throw ConfigProblem("\"\(text)\" is not a number of workers from 1 to 256")
            }
            config.workers = n
        },
        Setting(key: "queueLimit", environment: "SOCREPORT_QUEUE_LIMIT", flag: "queue-limit") {
            config, text throws(ConfigProblem) in
            guard let n = Int(text), (0...100_000).contains(n) else {
                throw ConfigProblem("\"\(text)\" is not a queue length from 0 to 100000")
            }
            config.queueLimit = n
        },
        Setting(key: "maxBodyBytes", environment: "SOCREPORT_MAX_BODY_BYTES", flag: "max-body-bytes") {
            config, text throws(ConfigProblem) in
            guard let n = Int(text), (1...DocumentReader.maxInputSize).contains(n) else {
                throw ConfigProblem("\"\(text)\" is not a size in bytes from 1 to \(DocumentReader.maxInputSize)")
            }
            config.maxBodyBytes = n
        },
        Setting(key: "logLevel", environment: "SOCREPORT_LOG_LEVEL", flag: "log-level") {
            config, text throws(ConfigProblem) in
            guard let level = Logger.Level(rawValue: text) else {
                throw ConfigProblem(
                    "\"\(text)\" is not a log level (\(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            config.logLevel = level
        },
        Setting(key: "idleTimeout", environment: "SOCREPORT_IDLE_TIMEOUT", flag: "idle-timeout") {
            config, text throws(ConfigProblem) in
            guard let seconds = Double(text), seconds > 0, seconds <= 86400 else {
                throw ConfigProblem("\"\(text)\" is not a number of seconds from 0 to 86400")
            }
            config.idleTimeout = seconds
        },
        Setting(key: "trustedProxies", environment: "SOCREPORT_TRUSTED_PROXIES", flag: "trusted-proxy") {
            config, text throws(ConfigProblem) in
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            config.trustedProxies = try items.map { item throws(ConfigProblem) in
                guard let network = IPNetwork(item) else {
                    throw ConfigProblem("\"\(item)\" is not an address or CIDR network, e.g. 10.0.0.0/8")
                }
                return network
            }
        },
        Setting(key: "mail.smtp", environment: "SOCREPORT_SMTP", flag: "smtp") { config, text throws(ConfigProblem) in
            do { config.mail.smtp = try SMTPSettings(url: text) } catch SMTPError.settings(let problem) {
                throw ConfigProblem(problem)
            } catch {
                throw ConfigProblem("\(error)")
            }
        },
        Setting(key: "mail.smtpCA", environment: "SOCREPORT_SMTP_CA", flag: "smtp-ca") {
            config, text throws(ConfigProblem) in
            guard FileManager.default.isReadableFile(atPath: text) else {
                throw ConfigProblem("cannot read the CA file \(text)")
            }
            config.mail.smtpCA = text
        },
        Setting(key: "mail.from", environment: "SOCREPORT_MAIL_FROM", flag: "mail-from") {
            config, text throws(ConfigProblem) in
            do { config.mail.from = try NotificationSettings.mailbox(text) } catch { throw ConfigProblem("\(error)") }
        },
        Setting(key: "mail.publicURL", environment: "SOCREPORT_PUBLIC_URL", flag: "public-url") {
            config, text throws(ConfigProblem) in
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased()), url.host != nil
            else {
                throw ConfigProblem("\"\(text)\" is not an http:// or https:// URL")
            }
            config.mail.publicURL = url
        },
        Setting(key: "mail.leaseSeconds", environment: "SOCREPORT_MAIL_LEASE", flag: "mail-lease") {
            config, text throws(ConfigProblem) in
            guard let seconds = Double(text), seconds > 0 else {
                throw ConfigProblem("\"\(text)\" is not a number of seconds above 0")
            }
            config.mail.leaseSeconds = seconds
        },
        Setting(key: "mail.delivery", environment: "SOCREPORT_MAIL_DELIVERY", flag: "mail-delivery") {
            config, text throws(ConfigProblem) in
            guard let delivery = MailSettings.Delivery(rawValue: text) else {
                throw ConfigProblem(
                    "\"\(text)\" is not \"attach\" (the PDF attached) or \"link\" (the portal link only)")
            }
            config.mail.delivery = delivery
        },
        Setting(key: "escalation.after", environment: "SOCREPORT_ESCALATION_AFTER", flag: "escalation-after") {
            config, text throws(ConfigProblem) in
            config.escalation.after = try duration(text)
        },
        Setting(key: "escalation.webhook", environment: "SOCREPORT_WEBHOOK", flag: "webhook") {
            config, text throws(ConfigProblem) in
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased()), url.host != nil
            else {
                throw ConfigProblem("\"\(text)\" is not an http:// or https:// URL")
            }
            config.escalation.webhook = url
        },
        Setting(key: "escalation.webhookSecret", environment: "SOCREPORT_WEBHOOK_SECRET", flag: "webhook-secret") {
            config, text throws(ConfigProblem) in
            guard text.utf8.count >= 16 else { throw ConfigProblem("the webhook secret must be 16 characters or more") }
            config.escalation.webhookSecret = text
        },
    ]

    /// The configuration from `file` (if any), then `environment`, then `flags` (flag name → text).
    ///
    /// - Throws: `ConfigProblems` listing every problem, one line each, naming where the value came from.
    public static func load(
        file: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        flags: [String: String] = [:]
    ) throws(ConfigProblems) -> ServerConfig {
        var config = ServerConfig()
        var problems: [String] = []
        func apply(_ setting: Setting, _ text: String, from source: String) {
            do { try setting.apply(&config, text) } catch { problems.append("\(source): \(error)") }
        }
        if let file {
            do {
                let values = try fileValues(file)
                for (key, _) in values where !settings.contains(where: { $0.key == key }) {
                    problems.append(
                        "\(file): $.\(key): unknown setting (known: \(settings.map(\.key).joined(separator: ", ")))")
                }
                let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
                for setting in settings {
                    guard let text = values[setting.key] else { continue }
                    // A relative path is the config file's neighbour; a URL (a PostgreSQL store) is left as it is.
                    let relative = setting.isPath && !text.hasPrefix("/") && !text.contains("://")
                    let value = relative ? folder.appendingPathComponent(text).path : text
                    apply(setting, value, from: "\(file): $.\(setting.key)")
                }
            } catch {
                problems.append("\(error)")
            }
        }
        for setting in settings {
            if let text = environment[setting.environment] { apply(setting, text, from: "$\(setting.environment)") }
        }
        for setting in settings {
            if let text = flags[setting.flag] { apply(setting, text, from: "--\(setting.flag)") }
        }
        if config.escalation.webhook != nil && config.escalation.webhookSecret == nil {
            problems.append(
                "--webhook: needs --webhook-secret (SOCREPORT_WEBHOOK_SECRET, escalation.webhookSecret), the key its signature is made with"
            )
        }
        guard problems.isEmpty else { throw ConfigProblems(lines: problems) }
        return config
    }

    /// "90", "90s", "15m", "2h": seconds, more than 0 and at most a day.
    static func duration(_ text: String) throws(ConfigProblem) -> TimeInterval {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        let unit = text.last.flatMap { units[$0] }
        guard let number = Double(unit == nil ? text : String(text.dropLast())), number > 0,
            number * (unit ?? 1) <= 86400
        else {
            throw ConfigProblem("\"\(text)\" is not a duration such as 90s, 15m or 1h (at most a day)")
        }
        return number * (unit ?? 1)
    }

    /// The file's settings flattened to "a.b" keys, every value as text.
    private static func fileValues(_ file: String) throws(ConfigProblem) -> [String: String] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw ConfigProblem("\(file): cannot read the configuration: \((error as NSError).localizedDescription)")
        }
        guard let root = object as? [String: Any] else {
            throw ConfigProblem("\(file): $: the configuration must be a JSON object")
        }
        var values: [String: String] = [:]
        var problems: [String] = []
        func flatten(_ object: [String: Any], prefix: String) {
            for (key, value) in object {
                let path = prefix + key
                switch value {
                case let nested as [String: Any]: flatten(nested, prefix: path + ".")
                case let text as String: values[path] = text
                case let number as NSNumber: values[path] = number.stringValue
                // A list (trustedProxies) as the environment gives it: comma-separated.
                case let list as [String]: values[path] = list.joined(separator: ",")
                default: problems.append("\(file): $.\(path): must be a string, a number or a list of strings")
                }
            }
        }
        flatten(root, prefix: "")
        guard problems.isEmpty else { throw ConfigProblem(problems.joined(separator: "\n")) }
        return values
    }
}

/// Every problem with a configuration, one line each.
public struct ConfigProblems: Error, Sendable, CustomStringConvertible {
    public var lines: [String]
    public var description: String { lines.joined(separator: "\n") }
}
