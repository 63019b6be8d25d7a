import Foundation

extension TestStore {
    /// Every row of every table of the store at `location`, as text a test searches for a secret that must not be
    /// at rest: the rows as the database prints them (SQLite's `.dump`, PostgreSQL's row values), then each blob
    /// decoded, then each base64 part of a blob that is a MIME message decoded (a mail's body is base64), so a
    /// value stored in any of these forms is found.
    public func rows(at location: String) throws -> String {
        let printed: String
        switch self {
        case .sqlite:
            printed = try Self.run(["sqlite3", "-readonly", location, ".dump"])
        case .postgres:
            let tables = try TestPostgres.psql(
                location, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
            printed = try tables.split(separator: "\n").map {
                try TestPostgres.psql(location, "SELECT t::text FROM \($0) t")
            }
            .joined(separator: "\n")
        }
        var text = printed
        // Blobs: SQLite prints X'4d49…', PostgreSQL \x4d49….
        for run in printed.matches(of: /[0-9a-fA-F]{16,}/) {
            var hex = Array(run.output.utf8)
            if hex.count % 2 == 1 { hex.removeLast() }
            let bytes = stride(from: 0, to: hex.count, by: 2).compactMap {
                UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16)
            }
            let decoded = String(decoding: bytes, as: UTF8.self)
            text += "\n" + decoded
            for part in decoded.components(separatedBy: "\r\n\r\n") {
                let lines = part.components(separatedBy: "\r\n").prefix { !$0.hasPrefix("--") }
                if let body = Data(base64Encoded: lines.joined()) {
                    text += "\n" + String(decoding: body, as: UTF8.self)
                }
            }
        }
        return text
    }

    private static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestPostgresError("\(arguments.joined(separator: " ")) failed (status \(process.terminationStatus))")
        }
        return String(decoding: printed, as: UTF8.self)
    }
}
