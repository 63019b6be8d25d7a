import Foundation

/// Where and how to submit mail: `smtp://[user:pass@]host[:port]` (STARTTLS required: a relay, or
/// someone on the way, that offers none gets nothing), with `?tls=opportunistic` or `?tls=none` to opt
/// out for a relay on the same host, or `smtps://…` (TLS from the first byte).
public struct SMTPSettings: Sendable, Equatable, CustomStringConvertible {
    public enum Security: String, Sendable, Equatable {
        /// smtp://: plain TCP upgraded with STARTTLS, which the relay must offer; port 587 unless given.
        case startTLS = "required"
        /// smtp://…?tls=opportunistic: STARTTLS when offered, else clear text.
        case opportunisticStartTLS = "opportunistic"
        /// smtp://…?tls=none: clear text throughout.
        case plain = "none"
        /// smtps://: implicit TLS; port 465 unless given.
        case implicitTLS = "implicit"
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var user: String?
    public var password: String?
    /// PEM file of the certificate authorities to trust instead of the system's roots.
    public var caFile: String?
    /// The name this client gives in EHLO.
    public var clientName: String
    /// How long to wait for a connection or for any answer of the relay.
    public var timeout: TimeInterval

    /// Parses `url`; user name and password are percent-decoded. Problems are `SMTPError.settings`,
    /// in one line that never shows the password.
    public init(url text: String, caFile: String? = nil, timeout: TimeInterval = 60) throws {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased() else {
            throw SMTPError.settings(
                "\(Self.redacted(text)) is not a URL like smtp://user:password@relay.example.com:587")
        }
        switch scheme {
        case "smtp": security = .startTLS
        case "smtps": security = .implicitTLS
        default: throw SMTPError.settings("the mail relay must be an smtp:// or smtps:// URL, not \(scheme)://")
        }
        guard let host = url.host, !host.isEmpty else { throw SMTPError.settings("the mail relay URL names no host") }
        guard url.path.isEmpty || url.path == "/", url.fragment == nil else {
            throw SMTPError.settings(
                "the mail relay URL has a path or fragment; only [user:password@]host[:port][?tls=…] is used")
        }
        if let query = url.queryItems {
            guard security == .startTLS, query.count == 1, query[0].name == "tls", let value = query[0].value,
                let chosen = Security(rawValue: value), chosen != .implicitTLS
            else {
                throw SMTPError.settings(
                    "the mail relay URL's query may only be tls=required, tls=opportunistic or tls=none, with smtp://")
            }
            security = chosen
        }
        if let port = url.port, !(1...65535).contains(port) {
            throw SMTPError.settings("the mail relay port \(port) is not 1–65535")
        }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = url.port ?? (security == .implicitTLS ? 465 : 587)
        user = url.user
        password = url.password
        if (user == nil) != (password == nil) {
            throw SMTPError.settings("give the mail relay both a user and a password, or neither")
        }
        self.caFile = caFile
        clientName = ProcessInfo.processInfo.hostName.isEmpty ? "localhost" : ProcessInfo.processInfo.hostName
        self.timeout = timeout
    }

    /// The address without its password, for messages and logs.
    public var description: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        let tls = security == .startTLS || security == .implicitTLS ? "" : "?tls=\(security.rawValue)"
        return "\(scheme)://\(user.map { "\($0)@" } ?? "")\(host):\(port)\(tls)"
    }

    /// What an operator must be told when mail may go in clear text, nil when it never does.
    public var clearTextWarning: String? {
        switch security {
        case .startTLS, .implicitTLS: nil
        case .opportunisticStartTLS:
            "mail to \(description) goes in clear text whenever the relay offers no STARTTLS (tls=opportunistic); anyone on the way can read it"
        case .plain: "mail to \(description) goes in clear text (tls=none); only for a relay on this host"
        }
    }

    private static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://") else { return text }
        return String(text[..<scheme.upperBound]) + "…" + String(text[at...])
    }
}
