import Foundation

public enum PortalError: Error, CustomStringConvertible, Equatable {
    /// A tenant id or path segment that could leave the tenant's folder or is not a contract identifier.
    case unsafeName(String)
    /// A symbolic link where the portal expects its own folder or file.
    case symbolicLink(String)
    case notADirectory(String)
    /// The manifest cannot be read; it is never overwritten then, since that would drop its entries.
    case unreadableManifest(path: String, reason: String)
    /// A document already published at this path from different input (published revisions are immutable).
    case conflict(path: String, publishedSha256: String)

    public var description: String {
        switch self {
        case .unsafeName(let name):
            "\"\(name)\" is not a safe name (letters, digits, '-', '_' and '.', not starting with '.', at most 64)"
        case .symbolicLink(let path): "\(path) is a symbolic link; the portal refuses to follow links"
        case .notADirectory(let path): "\(path) exists and is not a folder"
        case let .unreadableManifest(path, reason): "\(path) cannot be read (\(reason)); fix or remove it by hand"
        case let .conflict(path, sha):
            "\(path) was already published from different input (input SHA-256 \(sha)); a published revision is never replaced, publish the change as the next revision"
        }
    }
}
