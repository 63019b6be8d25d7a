import Foundation
import SOCModel

/// One tenant's folder in the portal, and the only way anything is written into it.
///
/// Every write happens under an exclusive `flock` on the folder's lock file: the manifest is re-read
/// inside the lock, so concurrent publishers never lose each other's entries, and a publisher holding the
/// lock knows any temporary file it finds was left by a crash and can remove it.
///
/// The manifest only lists complete files that match it: files are written atomically before their
/// entry, and an entry is dropped before the file it describes is replaced.
public struct TenantFolder: Sendable {
    public static let lockFileName = ".publish.lock"

    public let tenant: Tenant
    public let url: URL
    let indexPage: (any IndexPageRendering)?

    init(portal: URL, tenant: Tenant, indexPage: (any IndexPageRendering)?) throws {
        guard Identifier.isSafeIdentifier(tenant.id) else { throw PortalError.unsafeName(tenant.id) }
        let url = portal.appendingPathComponent(tenant.id, isDirectory: true).standardizedFileURL
        guard url.path.hasPrefix(portal.path + "/") else { throw PortalError.unsafeName(tenant.id) }
        try FileSystem.ensureDirectory(url.path, permissions: Portal.directoryPermissions)
        self.tenant = tenant
        self.url = url
        self.indexPage = indexPage
    }

    /// The manifest as last written, read without the lock (it is only ever replaced whole).
    public func manifest() throws -> Manifest? {
        let path = url.appendingPathComponent(Manifest.fileName).path
        guard let bytes = try FileSystem.readFile(path) else { return nil }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: Data(bytes))
        } catch {
            throw PortalError.unreadableManifest(path: path, reason: "not a manifest: \(error)")
        }
        guard manifest.tenant.id == tenant.id else {
            throw PortalError.unreadableManifest(path: path, reason: "it belongs to tenant \"\(manifest.tenant.id)\"")
        }
        return manifest
    }

    /// The entry that already publishes `document` with an intact file, if any; read without the lock,
    /// to skip rendering what is published.
    public func published(_ document: PortalDocument) throws -> ManifestEntry? {
        guard let entry = try manifest()?.entry(at: document.path), document.isPublished(as: entry), try isIntact(entry)
        else {
            return nil
        }
        return entry
    }

    public enum Outcome: Sendable, Equatable {
        case published(ManifestEntry)
        /// Already published from the same input, with an intact file: nothing written.
        case unchanged(ManifestEntry)

        public var entry: ManifestEntry {
            switch self {
            case .published(let entry), .unchanged(let entry): entry
            }
        }
    }

    /// Publishes `bytes` as `document`: the file at its path, then its manifest entry.
    ///
    /// - Throws: `PortalError.conflict` when an incident revision was already published from other input.
    public func publish(_ document: PortalDocument, bytes: [UInt8]) throws -> Outcome {
        try publish([(document, bytes)])[0]
    }

    /// Publishes several files — a report and its indicator files — under one hold of the lock: entries
    /// whose file is about to change are dropped first, then the files are written (each flushed, each
    /// folder flushed once), then the manifest lists them all. A file already published, intact, is left
    /// alone.
    public func publish(_ files: [(document: PortalDocument, bytes: [UInt8])]) throws -> [Outcome] {
        try withLock {
            var manifest = try manifest() ?? Manifest(tenant: tenant)
            var outcomes: [Outcome?] = [], dropped = false
            for (document, bytes) in files {
                guard let existing = manifest.entry(at: document.path) else {
                    outcomes.append(nil)
                    continue
                }
                if document.isPublished(as: existing, sha256: ContentDigest.sha256Hex(bytes)), try isIntact(existing) {
                    outcomes.append(.unchanged(existing))
                    continue
                }
                if document.kind == .incident, existing.inputSha256 != document.inputSha256 {
                    throw PortalError.conflict(path: existing.path, publishedSha256: existing.inputSha256)
                }
                manifest.remove(at: document.path)
                dropped = true
                outcomes.append(nil)
            }
            if dropped { try write(&manifest) }
            var folders = Set<URL>()
            for (i, (document, bytes)) in files.enumerated() where outcomes[i] == nil {
                let file = try fileURL(document.path)
                try AtomicFile.write(bytes, to: file, permissions: Portal.filePermissions, syncingDirectory: false)
                folders.insert(file.deletingLastPathComponent())
                let entry = ManifestEntry(
                    kind: document.kind, id: document.id, revision: document.revision, title: document.title,
                    severity: document.severity, month: document.month, publishedAt: publicationTime(),
                    size: bytes.count,
                    sha256: ContentDigest.sha256Hex(bytes), path: document.path, inputSha256: document.inputSha256,
                    renderer: document.renderer, format: document.format, report: document.reportPath)
                manifest.put(entry)
                outcomes[i] = .published(entry)
            }
            folders.forEach(AtomicFile.syncDirectory)
            if outcomes.contains(where: { if case .published = $0 { true } else { false } }) { try write(&manifest) }
            return outcomes.map { $0! }
        }
    }

    /// Records in the entry at `path` when its first notification mail was accepted; an entry that has a
    /// time keeps it. Returns whether the manifest changed.
    @discardableResult
    public func recordNotification(at path: String, time: String) throws -> Bool {
        try withLock {
            guard var manifest = try manifest(), var entry = manifest.entry(at: path), entry.notifiedAt == nil else {
                return false
            }
            entry.notifiedAt = time
            manifest.put(entry)
            try write(&manifest)
            return true
        }
    }

    /// Removes temporary files crashed writers left anywhere in the folder.
    @discardableResult
    public func sweep() throws -> [URL] {
        let lock = try FileLock(
            path: url.appendingPathComponent(Self.lockFileName).path, permissions: Portal.filePermissions)
        defer { lock.unlock() }
        return sweepLeftovers()
    }

    /// Runs `body` holding the folder's lock, after sweeping leftovers (no live writer can own a
    /// temporary file while we hold the lock).
    private func withLock<T>(_ body: () throws -> T) throws -> T {
        let lock = try FileLock(
            path: url.appendingPathComponent(Self.lockFileName).path, permissions: Portal.filePermissions)
        defer { lock.unlock() }
        sweepLeftovers()
        return try body()
    }

    @discardableResult
    private func sweepLeftovers() -> [URL] {
        var removed: [URL] = []
        var folders = [url]
        while let folder = folders.popLast() {
            removed += AtomicFile.sweep(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names where FileSystem.kind(folder.appendingPathComponent(name).path) == .directory {
                folders.append(folder.appendingPathComponent(name))
            }
        }
        return removed
    }

    /// The page first, then the manifest: the manifest is what publishers and readers trust, so it is
    /// the last thing a crash could leave unwritten.
    private func write(_ manifest: inout Manifest) throws {
        manifest.tenant = .init(id: tenant.id, name: tenant.name)
        manifest.updatedAt = publicationTime()
        if let indexPage {
            try AtomicFile.write(
                Array(indexPage.indexPage(manifest, tenant: tenant).utf8),
                to: url.appendingPathComponent(Portal.indexFileName), permissions: Portal.filePermissions)
        }
        try AtomicFile.write(
            try manifest.encoded(), to: url.appendingPathComponent(Manifest.fileName),
            permissions: Portal.filePermissions)
    }

    /// The file of a manifest entry, for serving: only a regular file reached without a symbolic link
    /// anywhere below the folder; nil for anything else. The caller found `entry` in this folder's manifest.
    public func servedFile(_ entry: ManifestEntry) -> URL? {
        guard let file = try? fileURL(entry.path, creating: false), FileSystem.kind(file.path) == .regularFile else {
            return nil
        }
        return file
    }

    /// Whether the entry's file is there, a regular file, with the recorded size and digest.
    private func isIntact(_ entry: ManifestEntry) throws -> Bool {
        let path = try fileURL(entry.path, creating: false).path
        guard FileSystem.kind(path) == .regularFile, let bytes = try FileSystem.readFile(path) else { return false }
        return bytes.count == entry.size && ContentDigest.sha256Hex(bytes) == entry.sha256
    }

    /// The file at `relativePath` inside the folder, its folders created (0750) on the way. Every segment
    /// must be a plain name, and nothing on the way may be a symbolic link.
    func fileURL(_ relativePath: String, creating: Bool = true) throws -> URL {
        let segments = relativePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !segments.isEmpty else { throw PortalError.unsafeName(relativePath) }
        var current = url
        for (i, segment) in segments.enumerated() {
            guard Self.isPlainName(segment) else { throw PortalError.unsafeName(segment) }
            current = current.appendingPathComponent(segment)
            if i < segments.count - 1 {
                if creating {
                    try FileSystem.ensureDirectory(current.path, permissions: Portal.directoryPermissions)
                } else if FileSystem.kind(current.path) == .symbolicLink {
                    throw PortalError.symbolicLink(current.path)
                }
            } else if FileSystem.kind(current.path) == .symbolicLink {
                throw PortalError.symbolicLink(current.path)
            }
        }
        let standardized = current.standardizedFileURL
        guard standardized.path.hasPrefix(url.path + "/") else { throw PortalError.unsafeName(relativePath) }
        return standardized
    }

    /// A file or folder name the portal writes (255 bytes, the file system's limit).
    static func isPlainName(_ name: String) -> Bool { Identifier.isSafeName(name, maxLength: 255) }
}
