import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The few file operations the portal needs, with the checks that keep a tenant inside its folder.
enum FileSystem {
    enum Kind {
        case missing, directory, regularFile, symbolicLink, other
    }

    /// What is at `path`, without following a final symbolic link.
    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regularFile
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// Makes `path` a folder with exactly `permissions`, refusing a symbolic link or a file in its place.
    static func ensureDirectory(_ path: String, permissions: mode_t) throws {
        switch kind(path) {
        case .directory: return
        case .symbolicLink: throw PortalError.symbolicLink(path)
        case .regularFile, .other: throw PortalError.notADirectory(path)
        case .missing:
            if mkdir(path, permissions) != 0 && errno != EEXIST {
                throw FileError.system("cannot create \(path)", errno)
            }
            // Another publisher may have created it at the same moment: check what is there now.
            guard kind(path) == .directory else { throw PortalError.notADirectory(path) }
            // umask may have narrowed the mode given to mkdir().
            guard chmod(path, permissions) == 0 else {
                throw FileError.system("cannot set permissions of \(path)", errno)
            }
        }
    }

    static func readFile(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw FileError.system("cannot open \(path)", errno)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError.system("cannot read \(path)", errno)
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }
}
