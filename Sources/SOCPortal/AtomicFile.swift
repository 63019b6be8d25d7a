import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a file so that it appears at its path only when complete: a temporary file in the same
/// folder, flushed to disk, then renamed over the target. A reader sees the old file or the new one,
/// never a part; a crash leaves at most a temporary file (named `.<name>.tmp-…`, swept by `sweep`).
public enum AtomicFile {
    public static let temporaryMarker = ".tmp-"

    /// With `syncingDirectory` false the caller flushes the folder (`syncDirectory`) once after several
    /// writes into it, before relying on them.
    public static func write(_ bytes: [UInt8], to url: URL, permissions: mode_t = 0o644, syncingDirectory: Bool = true)
        throws
    {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent)\(temporaryMarker)\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw FileError.system("cannot create \(temporary.path)", errno) }
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        do {
            try bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw FileError.system("cannot write \(temporary.path)", errno)
                    }
                    offset += n
                }
            }
            // umask may have narrowed the mode given to open(); set exactly what was asked.
            guard fchmod(fd, permissions) == 0 else {
                throw FileError.system("cannot set permissions of \(temporary.path)", errno)
            }
            guard fsync(fd) == 0 else { throw FileError.system("cannot flush \(temporary.path)", errno) }
            closed = true
            guard close(fd) == 0 else { throw FileError.system("cannot close \(temporary.path)", errno) }
            guard rename(temporary.path, url.path) == 0 else {
                throw FileError.system("cannot move the new file to \(url.path)", errno)
            }
        } catch {
            unlink(temporary.path)
            throw error
        }
        if syncingDirectory { syncDirectory(directory) }
    }

    /// Flushes a directory entry (the rename) to disk.
    public static func syncDirectory(_ directory: URL) {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    /// Removes temporary files that a crashed writer left in `directory` (not recursive).
    @discardableResult
    public static func sweep(_ directory: URL, olderThan age: TimeInterval = 0) -> [URL] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else { return [] }
        var removed: [URL] = []
        for name in names where name.hasPrefix(".") && name.contains(temporaryMarker) {
            let url = directory.appendingPathComponent(name)
            if age > 0, let modified = (try? fm.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date,
                Date().timeIntervalSince(modified) < age
            {
                continue
            }
            if unlink(url.path) == 0 { removed.append(url) }
        }
        return removed
    }
}

public enum FileError: Error, CustomStringConvertible {
    case system(String, Int32)
    public var description: String {
        switch self {
        case let .system(what, code): return "\(what): \(String(cString: strerror(code)))"
        }
    }
}
