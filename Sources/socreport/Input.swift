import ArgumentParser
import Foundation
import SOCModel

/// Reads a document from a file or standard input ("-"), refusing anything larger than the contract allows
/// before reading it all.
enum Input {
    static let sizeLimit = DocumentReader.maxInputSize

    /// The bytes of `path`, at most `sizeLimit + 1` of them (enough for the reader to refuse an oversized
    /// input). A file that cannot be opened or read is a `CLIError` naming it.
    static func read(_ path: String) throws -> Data {
        try read(path, oversized: { _ in nil })
    }

    /// The bytes of a document to be read by `DocumentReader`: like `read`, but an input over the limit is an
    /// `InvalidDocument` giving its real size when it is known (a regular file, also as standard input), where
    /// the reader would only see the `sizeLimit + 1` bytes read.
    static func document(_ path: String) throws -> Data {
        try read(
            path,
            oversized: { size in
                let amount = size.map { "\($0) bytes, more than" } ?? "larger than"
                return InvalidDocument(
                    source: name(path),
                    problems: [
                        Problem(
                            path: "$",
                            message:
                                "the input is \(amount) the limit of \(sizeLimit) bytes (\(sizeLimit / (1024 * 1024)) MiB)"
                        )
                    ])
            })
    }

    private static func read(_ path: String, oversized: (Int?) -> InvalidDocument?) throws -> Data {
        let handle: FileHandle
        if path == "-" {
            handle = .standardInput
        } else {
            guard let h = FileHandle(forReadingAtPath: path) else {
                throw CLIError(
                    "\(path): cannot open the file (\(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"))"
                )
            }
            handle = h
        }
        defer { if path != "-" { try? handle.close() } }
        let data: Data
        do {
            data = try handle.read(upToCount: sizeLimit + 1) ?? Data()
        } catch {
            // A folder opens but does not read; say so rather than print a Foundation error without the name.
            throw CLIError("\(name(path)): cannot read the file (\(systemReason(error)))")
        }
        if data.count > sizeLimit, let error = oversized(regularFileSize(handle)) { throw error }
        return data
    }

    /// The size of the file behind `handle` when it is a regular file; nil for a pipe or a terminal.
    private static func regularFileSize(_ handle: FileHandle) -> Int? {
        var info = stat()
        guard fstat(handle.fileDescriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    static func name(_ path: String) -> String { path == "-" ? "<stdin>" : path }
}

/// The operating system's words for why a file operation failed ("Not a directory"), else the error's own.
func systemReason(_ error: Error) -> String {
    func posixCode(_ error: Error) -> Int32? {
        if let posix = error as? POSIXError { return posix.code.rawValue }
        let error = error as NSError
        return error.domain == NSPOSIXErrorDomain ? Int32(error.code) : nil
    }
    let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? Error
    if let code = posixCode(error) ?? underlying.flatMap(posixCode) { return String(cString: strerror(code)) }
    return (error as NSError).localizedDescription
}

/// An error the user can act on: printed as it is, exit status 1 (2 for invalid documents).
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Prints the problems of an invalid document, one line each, and exits with status 2.
func reportInvalid(_ error: InvalidDocument) -> ExitCode {
    FileHandle.standardError.write(Data((error.description + "\n").utf8))
    return ExitCode(2)
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data(("socreport: " + message + "\n").utf8))
}
