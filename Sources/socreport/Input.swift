import ArgumentParser
import Foundation
import SOCModel

/// Reads a document from a file or standard input ("-"), refusing anything larger than the contract allows
/// before reading it all.
enum Input {
    static let sizeLimit = 16 * 1024 * 1024

    static func read(_ path: String) throws -> Data {
        let handle: FileHandle
        if path == "-" {
            handle = .standardInput
        } else {
            guard let h = FileHandle(forReadingAtPath: path) else {
                throw CLIError("\(path): cannot open the file (\(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"))")
            }
            handle = h
        }
        defer { if path != "-" { try? handle.close() } }
        let data = try handle.read(upToCount: sizeLimit + 1) ?? Data()
        return data
    }

    static func name(_ path: String) -> String { path == "-" ? "<stdin>" : path }
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
