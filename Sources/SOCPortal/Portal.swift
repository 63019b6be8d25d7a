import Foundation
import SOCModel

/// The customer portal folder: one folder per tenant, named by its id, that only that tenant's documents
/// and manifest ever go into.
public struct Portal: Sendable {
    public static let directoryPermissions: mode_t = 0o750
    public static let filePermissions: mode_t = 0o640

    /// The portal folder with symbolic links resolved, so prefix checks compare real paths.
    public let root: URL

    /// Opens the portal at `root`, creating it when missing. The root itself may be a link the operator
    /// set up; nothing below it may be.
    public init(root: URL) throws {
        let path = root.standardizedFileURL.path
        if FileSystem.kind(path) == .missing {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: Self.directoryPermissions])
        }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        guard FileSystem.kind(resolved.path) == .directory else { throw PortalError.notADirectory(path) }
        self.root = resolved
    }

    /// The tenant's folder, created (0750) when missing.
    public func folder(for tenant: Tenant) throws -> TenantFolder {
        try TenantFolder(portal: root, tenant: tenant)
    }
}
