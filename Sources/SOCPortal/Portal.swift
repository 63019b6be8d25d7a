import Foundation
import SOCModel

/// The customer portal folder: one folder per tenant, named by its id, that only that tenant's documents
/// and manifest ever go into.
public struct Portal: Sendable {
    public static let directoryPermissions: mode_t = 0o750
    public static let filePermissions: mode_t = 0o640
    public static let indexFileName = "index.html"

    /// The portal folder with symbolic links resolved, so prefix checks compare real paths.
    public let root: URL
    /// Writes each tenant folder's `index.html`; none is written without it.
    public let indexPage: (any IndexPageRendering)?

    /// Opens the portal at `root`, creating it when missing. The root itself may be a link the operator
    /// set up; nothing below it may be.
    public init(root: URL, indexPage: (any IndexPageRendering)? = nil) throws {
        let path = root.standardizedFileURL.path
        if FileSystem.kind(path) == .missing {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true,
                attributes: [.posixPermissions: Self.directoryPermissions])
        }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        guard FileSystem.kind(resolved.path) == .directory else { throw PortalError.notADirectory(path) }
        self.root = resolved
        self.indexPage = indexPage
    }

    /// The tenant's folder, created (0750) when missing.
    public func folder(for tenant: Tenant) throws -> TenantFolder {
        try TenantFolder(portal: root, tenant: tenant, indexPage: indexPage)
    }

    /// The tenant's folder for reading, or nil when nothing was ever published for it.
    public func existingFolder(for tenant: Tenant) throws -> TenantFolder? {
        guard Identifier.isSafeIdentifier(tenant.id),
            FileSystem.kind(root.appendingPathComponent(tenant.id).path) == .directory
        else { return nil }
        return try folder(for: tenant)
    }
}

/// Renders a tenant folder's `index.html` from its manifest: the portal's page templates live above this
/// module (SOCPages), which hands the renderer in.
public protocol IndexPageRendering: Sendable {
    func indexPage(_ manifest: Manifest, tenant: Tenant) -> String
}
