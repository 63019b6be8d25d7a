import Foundation

/// The private PostgreSQL cluster `scripts/with-postgres.sh` starts for the tests, reached through Debian's
/// `psql`. A test asks for a database of its own (`freshDatabase`), so tests never see each other's rows.
/// Without the script's variables every call throws: a test needing PostgreSQL fails, never skips.
public enum TestPostgres {
    static let urlVariable = "SOCREPORT_TEST_POSTGRES"
    static let caVariable = "SOCREPORT_TEST_POSTGRES_CA"

    /// The cluster's URL: role `socreport` (LOGIN CREATEDB, not superuser) on its database `socreport`, plain TCP.
    public static var url: String {
        get throws { try setting(urlVariable) }
    }

    /// The PEM file of the CA that signed the server's certificate (for `localhost` and 127.0.0.1).
    public static var caPath: String {
        get throws { try setting(caVariable) }
    }

    /// Creates a new empty database owned by `socreport`, named `t_<label>_<8 hex>`, and returns its URL.
    public static func freshDatabase(label: String) throws -> String {
        let name = databaseName(label: label)
        _ = try psql(try url, "CREATE DATABASE \(name)")
        return try replacingDatabase(of: try url, with: name)
    }

    /// `url` with TLS demanded: the server's certificate checked against `caPath`, host name included.
    public static func requiringTLS(_ url: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw TestPostgresError("not a URL: \(url)") }
        components.queryItems =
            (components.queryItems ?? []) + [
                URLQueryItem(name: "sslmode", value: "verify-full"),
                URLQueryItem(name: "sslrootcert", value: try caPath),
            ]
        return components.string!
    }

    /// Runs `sql` with `psql -At` (unaligned, tuples only: `|` between columns, a line per row) and returns
    /// its output without the last line end. Throws with psql's standard error when psql fails.
    public static func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql, "--dbname", url]
        var environment = ProcessInfo.processInfo.environment
        environment["PGCONNECT_TIMEOUT"] = environment["PGCONNECT_TIMEOUT"] ?? "10"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Standard output first, to its end: psql's standard error is a few lines, never enough to fill its pipe.
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let stderr = String(decoding: complaint, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw TestPostgresError(
                "psql failed (status \(process.terminationStatus)) running \(sql): \(stderr)"
                    + (process.terminationStatus == 127 ? " (Debian's postgresql-client: scripts/install-deps.sh)" : "")
            )
        }
        var text = String(decoding: printed, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// A safe identifier that needs no quoting: lower-case letters, digits and `_`, within PostgreSQL's 63 bytes.
    static func databaseName(label: String) -> String {
        let safe = label.lowercased().unicodeScalars.map {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_"
        }
        return "t_\(String(safe.prefix(40)))_\(String(format: "%08x", UInt32.random(in: .min ... .max)))"
    }

    static func replacingDatabase(of url: String, with name: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw TestPostgresError("not a URL: \(url)") }
        components.path = "/" + name
        return components.string!
    }

    static func setting(_ name: String, in environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> String
    {
        guard let value = environment[name], !value.isEmpty else {
            throw TestPostgresError("\(name) is not set: run the tests through scripts/with-postgres.sh")
        }
        return value
    }
}

public struct TestPostgresError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
