import Foundation

/// A real SMTP relay (aiosmtpd, `smtp_sink.py` beside this file) on a loopback port, writing what it
/// accepts to a folder. Starting fails when Python or aiosmtpd is missing.
/// Its fields never change after start; Process itself is safe to query from any thread.
public final class Relay: @unchecked Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "smtp_sink.py")

    public let out: URL
    public let port: Int
    private let process: Process

    /// A received message as Python's email package decoded it.
    public struct Received: Decodable, Sendable {
        public struct Mailbox: Decodable, Sendable { public var name: String; public var address: String }
        public struct Attachment: Decodable, Sendable {
            public var filename: String?; public var contentType: String; public var size: Int
        }
        public var mailFrom: String
        public var rcptTos: [String]
        public var subject: String
        public var messageId: String
        public var from: [Mailbox]
        public var to: [Mailbox]
        public var body: String?
        public var attachments: [Attachment]
        public var tls: Bool
        public var authenticated: Bool
    }

    /// Starts the relay (on a free port when `port` is 0) with the sink's further `arguments`.
    public init(out: URL, port: Int = 0, arguments: [String] = []) throws {
        self.out = out
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, "--out", out.path, "--port", String(port)] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        // The first line is "READY <port>", or nothing when the relay could not start.
        var line = Data()
        while let byte = try pipe.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line += byte
        }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ")
        guard words.first == "READY", let port = words.last.flatMap({ Int($0) }) else {
            kill(process.processIdentifier, SIGKILL)
            throw RelayError("the test relay did not start (needs python3 with aiosmtpd: scripts/install-deps.sh)")
        }
        self.port = port
    }

    /// Kills the relay (SIGKILL: a test process may hand SIGTERM down blocked).
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    /// The messages accepted so far, in order.
    public func received() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".json") }
            .sorted { Int($0.dropLast(5))! < Int($1.dropLast(5))! }
        return try names.map {
            try JSONDecoder().decode(Received.self, from: Data(contentsOf: out.appendingPathComponent($0)))
        }
    }

    /// The raw message `n` (1-based) as received.
    public func raw(_ n: Int) throws -> String {
        try String(contentsOf: out.appendingPathComponent("\(n).eml"), encoding: .utf8)
    }

    /// What the relay is holding: the number of messages accepted before the recipient it holds now
    /// (with `--slow-rcpt`), nil when it holds none yet.
    public func holding() -> Int? {
        (try? String(contentsOf: out.appendingPathComponent("holding"), encoding: .utf8)).flatMap { Int($0) }
    }

    /// Waits until `condition` holds, for at most `seconds`.
    public static func wait(seconds: Double = 20, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }

    /// A self-signed certificate for "localhost" and 127.0.0.1, made with openssl: (certificate, key).
    public static func makeCertificate(in folder: URL) throws -> (URL, URL) {
        let cert = folder.appendingPathComponent("cert.pem"), key = folder.appendingPathComponent("key.pem")
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.path, "-out", cert.path,
            "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw RelayError("openssl could not make a certificate") }
        return (cert, key)
    }
}

public struct RelayError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
