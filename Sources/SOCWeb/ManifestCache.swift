import Foundation
import SOCPages
import SOCPortal
import Synchronization

/// Each tenant's report index, rebuilt only when its manifest file is replaced: publishers rename a new
/// manifest into place, so a changed inode, size or time means a new version.
final class ManifestCache: Sendable {
    private struct Version: Equatable { var inode: UInt64; var size: Int64; var modified: Int }
    private let indexes = Mutex<[String: (version: Version, index: ReportIndex)]>([:])

    func index(of folder: TenantFolder) throws -> ReportIndex? {
        let path = folder.url.appendingPathComponent(Manifest.fileName).path
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        let version = Version(inode: UInt64(info.st_ino), size: Int64(info.st_size), modified: info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec)
        if let cached = indexes.withLock({ $0[path] }), cached.version == version { return cached.index }
        guard let manifest = try folder.manifest() else { return nil }
        let index = ReportIndex(manifest: manifest)
        indexes.withLock { $0[path] = (version, index) }
        return index
    }
}
