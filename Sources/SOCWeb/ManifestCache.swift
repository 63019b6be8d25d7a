import Foundation
import SOCPages
import SOCPortal
import SOCStore
import Synchronization

/// Each tenant's report index, rebuilt only when its manifest file is replaced: publishers rename a new
/// manifest into place, so a changed inode, size or time means a new version, whichever replica wrote it.
/// Beside each index, the page bodies rendered from it: they go with the version they were made from.
final class ManifestCache: Sendable {
    fileprivate struct Version: Equatable { var inode: UInt64; var size: Int64; var modified: Int }
    fileprivate struct Entry { var version: Version; var index: ReportIndex; var bodies: [String: KeptBody] = [:] }
    /// Bodies kept per tenant and manifest version; past it they are all dropped (a crawler paging through
    /// every filter must not grow the cache without bound).
    static let bodiesPerTenant = 512
    /// Stands for the reader's CSRF token in a kept body, where the body is split: 64 random hex digits, made
    /// once per process, which no escaped value of a record can spell by chance.
    static let csrfPlaceholder = SecretToken.generate()

    /// A kept body, split once where `csrfPlaceholder` stood, so a request joins its parts around the reader's
    /// token instead of searching the whole body for it.
    struct KeptBody: Sendable {
        private let parts: [String]
        init(_ body: String) { parts = body.components(separatedBy: ManifestCache.csrfPlaceholder) }
        func text(csrfToken: String) -> String { parts.joined(separator: csrfToken) }
    }
    fileprivate let entries = Mutex<[String: Entry]>([:])

    /// A tenant's index as read, and the bodies kept for its version.
    struct Cached {
        let index: ReportIndex
        fileprivate let cache: ManifestCache
        fileprivate let path: String
        fileprivate let version: Version

        /// The body kept for `key` from this version of the index, if one was.
        func body(_ key: String) -> KeptBody? {
            cache.entries.withLock { $0[path].flatMap { $0.version == version ? $0.bodies[key] : nil } }
        }

        /// Keeps `body` for `key`, unless the manifest has changed since this version was read.
        func keep(_ body: KeptBody, as key: String) {
            cache.entries.withLock { entries in
                guard var entry = entries[path], entry.version == version else { return }
                if entry.bodies.count >= ManifestCache.bodiesPerTenant { entry.bodies.removeAll() }
                entry.bodies[key] = body
                entries[path] = entry
            }
        }
    }

    func index(of folder: TenantFolder) throws -> Cached? {
        let path = folder.url.appendingPathComponent(Manifest.fileName).path
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        let version = Version(
            inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modified: info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec)
        if let cached = entries.withLock({ $0[path] }), cached.version == version {
            return Cached(index: cached.index, cache: self, path: path, version: version)
        }
        guard let manifest = try folder.manifest() else { return nil }
        let index = ReportIndex(manifest: manifest)
        entries.withLock { $0[path] = Entry(version: version, index: index) }
        return Cached(index: index, cache: self, path: path, version: version)
    }
}
