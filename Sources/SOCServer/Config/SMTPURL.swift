import Foundation

/// Where notification mail is submitted: `smtp://[user:pass@]host[:port]` (STARTTLS) or
/// `smtps://…` (TLS from the first byte).
public struct SMTPURL: Sendable, Equatable, CustomStringConvertible {
    public enum Security: String, Sendable {
        /// Plain connection upgraded with STARTTLS (RFC 3207); port 587 by default.
        case startTLS = "smtp"
        /// Implicit TLS (RFC 8314); port 465 by default.
        case implicitTLS = "smtps"
    }

    public var security: Security
    public var host: String
    public var port: Int
    public var user: String?
    public var password: String?

    /// Parses the URL, or says what is wrong with it in one line.
    public init(parsing text: String) throws(ConfigProblem) {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased() else {
            throw ConfigProblem("\(Self.redacted(text)) is not a URL like smtp://user:password@relay.example.com:587")
        }
        guard let security = Security(rawValue: scheme) else {
            throw ConfigProblem("the mail relay must be an smtp:// or smtps:// URL, not \(scheme)://")
        }
        guard let host = url.host, !host.isEmpty else { throw ConfigProblem("the mail relay URL names no host") }
        guard url.path.isEmpty || url.path == "/", url.query == nil, url.fragment == nil else {
            throw ConfigProblem("the mail relay URL has a path, query or fragment; only [user:password@]host[:port] is used")
        }
        if let port = url.port, !(1...65535).contains(port) { throw ConfigProblem("the mail relay port \(port) is not 1–65535") }
        self.security = security
        self.host = host
        port = url.port ?? (security == .startTLS ? 587 : 465)
        user = url.percentEncodedUser.flatMap { $0.removingPercentEncoding }
        password = url.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
    }

    /// Never prints the password.
    public var description: String {
        "\(security.rawValue)://\(user.map { "\($0)@" } ?? "")\(host):\(port)"
    }

    private static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://") else { return text }
        return String(text[..<scheme.upperBound]) + "…" + String(text[at...])
    }
}
