import Foundation

/// A paging system's webhook receiver (`webhook_sink.py` beside this file, Python's http.server) on a loopback
/// port, writing each POST it gets to a folder with whether its signature checks out under `secret`.
public final class WebhookSink: @unchecked Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "webhook_sink.py")

    public let out: URL
    public let port: Int
    private let process: Process

    /// A request as the sink recorded it.
    public struct Received: Sendable {
        public var idempotencyKey: String
        public var signature: String
        public var signatureValid: Bool
        public var contentType: String
        public var answered: Int
        /// The body, parsed.
        public var body: [String: Any] { (try? JSONSerialization.jsonObject(with: bodyJSON)) as? [String: Any] ?? [:] }
        let bodyJSON: Data
    }

    /// Starts the sink; the first `failFirst` requests are answered 500, the first one after `holdFirst` seconds.
    public init(out: URL, secret: String, failFirst: Int = 0, holdFirst: Double = 0) throws {
        self.out = out
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.script.path, "--out", out.path, "--secret", secret, "--fail-first", String(failFirst),
            "--hold-first", String(holdFirst),
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var line = Data()
        while let byte = try pipe.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line += byte
        }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ")
        guard words.first == "READY", let port = words.last.flatMap({ Int($0) }) else {
            kill(process.processIdentifier, SIGKILL)
            throw RelayError("the test webhook sink did not start")
        }
        self.port = port
    }

    public var url: String { "http://127.0.0.1:\(port)/page" }

    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    /// The requests so far, in order.
    public func received() throws -> [Received] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).filter {
            $0.hasSuffix(".json")
        }
        .sorted { Int($0.dropLast(5))! < Int($1.dropLast(5))! }
        return try names.map { name in
            let record =
                try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(name)))
                as? [String: Any] ?? [:]
            return Received(
                idempotencyKey: record["idempotencyKey"] as? String ?? "",
                signature: record["signature"] as? String ?? "",
                signatureValid: record["signatureValid"] as? Bool ?? false,
                contentType: record["contentType"] as? String ?? "", answered: record["answered"] as? Int ?? 0,
                bodyJSON: try JSONSerialization.data(
                    withJSONObject: record["body"] ?? NSNull(), options: [.fragmentsAllowed]))
        }
    }
}
