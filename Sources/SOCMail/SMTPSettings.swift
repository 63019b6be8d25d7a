import Foundation

/// Where and how to submit mail: `smtp://[user:pass@]host[:port]` (STARTTLS whenever the relay offers
/// it, and required before credentials are sent) or `smtps://…` (TLS from the first byte).
public struct SMTPSettings: Sendable, Equatable, CustomStringConvertible {
    public enum Security: Sendable, Equatable {
        /// smtp://: plain TCP upgraded with STARTTLS when offered; port 587 unless given.
        case startTLS
        /// smtps://: implicit TLS; port 465 unless given.
        case implicitTLS
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
            throw SMTPError.settings("\(Self.redacted(text)) is not a URL like smtp://user:password@relay.example.com:587")
        }
        switch scheme {
        case "smtp": security = .startTLS
        case "smtps": security = .implicitTLS
        default: throw SMTPError.settings("the mail relay must be an smtp:// or smtps:// URL, not \(scheme)://")
        }
        guard let host = url.host, !host.isEmpty else { throw SMTPError.settings("the mail relay URL names no host") }
        guard url.path.isEmpty || url.path == "/", url.query == nil, url.fragment == nil else {
            throw SMTPError.settings("the mail relay URL has a path, query or fragment; only [user:password@]host[:port] is used")
        }
        if let port = url.port, !(1...65535).contains(port) { throw SMTPError.settings("the mail relay port \(port) is not 1–65535") }
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
        return "\(scheme)://\(user.map { "\($0)@" } ?? "")\(host):\(port)"
    }

    private static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://") else { return text }
        return String(text[..<scheme.upperBound]) + "…" + String(text[at...])
    }
}
