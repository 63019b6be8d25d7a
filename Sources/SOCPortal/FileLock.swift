import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive `flock` on a lock file, held until `unlock()`. Held by one publisher at a time across
/// processes and threads (each holder opens the file itself, so each has its own lock).
final class FileLock {
    private var fd: Int32

    /// Waits until the lock is free.
    init(path: String, permissions: mode_t) throws {
        fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, permissions)
        guard fd >= 0 else {
            if errno == ELOOP { throw PortalError.symbolicLink(path) }
            throw FileError.system("cannot open the lock file \(path)", errno)
        }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(fd)
            throw FileError.system("cannot lock \(path)", code)
        }
    }

    func unlock() {
        if fd >= 0 {
            close(fd) // releases the flock
            fd = -1
        }
    }

    deinit {
        unlock()
    }
}
