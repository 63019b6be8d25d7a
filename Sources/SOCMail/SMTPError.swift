/// Why a submission did not go through. `isPermanent` errors are final for the mail; the others are
/// tried again later.
public enum SMTPError: Error, CustomStringConvertible, Sendable {
    /// The relay answered a command with a 4xx or 5xx reply.
    case rejected(command: String, reply: SMTPReply)
    /// The message is larger than the relay's announced SIZE limit.
    case tooLarge(size: Int, limit: Int)
    /// No connection, a dropped one, a timeout or a TLS failure.
    case connection(String)
    /// The relay said something that is not SMTP, or lacks what the settings need (AUTH, STARTTLS).
    case unusableRelay(String)
    /// The settings themselves are wrong.
    case settings(String)

    public var isPermanent: Bool {
        switch self {
        case .rejected(_, let reply): reply.code >= 500
        case .tooLarge: true
        case .connection, .unusableRelay, .settings: false
        }
    }

    public var description: String {
        switch self {
        case let .rejected(command, reply): "\(command): \(reply)"
        case let .tooLarge(size, limit): "the message has \(size) bytes, more than the relay's limit of \(limit)"
        case let .connection(what): "connection: \(what)"
        case let .unusableRelay(what): "relay: \(what)"
        case let .settings(what): "mail settings: \(what)"
        }
    }
}
