import Foundation
import SOCMail
import Testing

/// A relay that accepts the connection and never answers: the client gives up after its timeout, and
/// says so, rather than waiting for ever. The listener keeps the connection open for an hour, so the client
/// can only have ended the session by its own timeout (not by a clock in the test, which a loaded machine
/// would stretch).
@Suite struct SilentRelayTests {
    @Test func aRelayThatNeverAnswersTimesOut() async throws {
        // A listener on loopback that accepts and keeps still (Python, as the test relay is).
        let listener = Process()
        listener.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        listener.arguments = [
            "python3", "-c",
            """
            import socket, sys, time
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
            print(s.getsockname()[1], flush=True)
            c, _ = s.accept(); time.sleep(3600)
            """,
        ]
        let pipe = Pipe()
        listener.standardOutput = pipe
        try listener.run()
        // SIGKILL: this process may have left SIGTERM ignored for its children (swift-service-lifecycle in other tests).
        defer { kill(listener.processIdentifier, SIGKILL); listener.waitUntilExit() }
        let line = String(decoding: pipe.fileHandleForReading.availableLine(), as: UTF8.self)
        let port = try #require(Int(line.trimmingCharacters(in: .whitespacesAndNewlines)))

        let client = try SMTPClient(settings: try SMTPSettings(url: "smtp://127.0.0.1:\(port)", timeout: 1))
        do {
            _ = try await client.withSession { _ in 0 }
            Issue.record("a silent relay was taken for a working one")
        } catch {
            #expect("\(error)".contains("no answer within 1 s"), "\(error)")
        }
        #expect(listener.isRunning, "the listener closed the connection: the client did not give up by itself")
    }
}

extension FileHandle {
    /// Reads up to the first newline.
    fileprivate func availableLine() -> Data {
        var line = Data()
        while let byte = try? read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
        return line
    }
}
