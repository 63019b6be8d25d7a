import Foundation
import PostgresTestSupport
import Synchronization
import Testing

/// The real `socreport serve` on PostgreSQL while another session holds the store's write lock: the
/// requests that write wait for it, and nothing else does.
@Suite struct StalledStoreTests {
    /// The advisory lock every write transaction of the store takes first ("socr").
    static let writeLock = 0x736F_6372
    static let hold = 18
    static let limit: Duration = .milliseconds(500)

    @Test func pagesAndHealthAnswerWhileAWriteWaitsForTheLock() async throws {
        let ws = try Workspace(store: .postgres)
        try Self.prepare(ws)
        let token = try #require(
            try ws.run(["apikey", "create", "--db", ws.db, "--name", "t", "--scope", "ingest"])
                .stdout.split(separator: "\n").last.map(String.init))
        let server = try CLI.start(
            ["serve", "--db", ws.db, "--portal", ws.portal.path, "--listen", "127.0.0.1:0", "--workers", "1"],
            in: ws.url)
        defer { if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) } }
        let port = try await ServeTests.listeningPort(server)
        let session = try Self.signIn(port: port)
        let report = "/t/acme/reports/incident/INC-1"
        #expect(try Self.get(port, report, cookie: session).answer.hasPrefix("HTTP/1.1 200"))

        // psql takes the lock and keeps it, in a transaction, for `hold` seconds.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", ws.db, "-c",
            "BEGIN; SELECT pg_advisory_xact_lock(\(Self.writeLock)); SELECT pg_sleep(\(Self.hold)); COMMIT;",
        ]
        holder.standardOutput = FileHandle.nullDevice
        defer { if holder.isRunning { holder.terminate() } }
        let writes = Writes(count: max(8, 2 * ProcessInfo.processInfo.activeProcessorCount))
        let db = ws.db
        let window = try await Self.onThread {
            try Self.whileTheLockIsHeld(
                by: holder, db: db, port: port, writes: writes, token: token,
                probes: [("/healthz", nil), ("/login", nil), (report, session)])
        }
        try #require(window.held, "psql holds the write lock")
        #expect(window.rounds >= 3, "probed \(window.rounds) times while the lock was held")
        #expect(window.refused.isEmpty, "\(window.refused)")
        #expect(window.writtenMeanwhile == 0, "the writes wait for the lock")
        for (path, took) in window.slowest { #expect(took < Self.limit, "\(path) took \(took) while writes waited") }
        print(
            "slowest answers while the lock was held: \(window.slowest.map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", "))"
        )

        // Once psql lets go, every write goes through.
        holder.waitUntilExit()
        #expect(holder.terminationStatus == 0)
        await withCheckedContinuation { done in writes.group.notify(queue: .global()) { done.resume() } }
        let written = writes.answers.withLock { $0 }
        #expect(written.count == writes.count && written.allSatisfy { $0.hasPrefix("HTTP/1.1 200") }, "\(written)")
    }

    /// Writes sent while the lock is held, and their answers as they come.
    final class Writes: Sendable {
        let count: Int
        let group = DispatchGroup()
        let answers = Mutex<[String]>([])
        init(count: Int) { self.count = count }
    }

    /// What the pages answered while the lock was held.
    struct Window: Sendable {
        var held = false
        var rounds = 0
        var slowest: [String: Duration] = [:]
        var refused: [String] = []
        var writtenMeanwhile = 0
    }

    /// Starts `holder`; once it holds the lock, sends the writes (more than the machine has threads),
    /// then asks for the pages until shortly before the holder lets go. Synchronous, on a thread of its
    /// own: the test process's cooperative threads may be busy with other tests, and timing is measured.
    static func whileTheLockIsHeld(
        by holder: Process, db: String, port: Int, writes: Writes, token: String,
        probes: [(path: String, cookie: String?)]
    ) throws -> Window {
        // The lock is let go no sooner than `hold` seconds from here.
        let started = ContinuousClock.now
        try holder.run()
        var window = Window()
        while !window.held && ContinuousClock.now - started < .seconds(5) {
            window.held =
                try TestPostgres.psql(
                    db,
                    """
                    SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = \(writeLock) AND granted
                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    """) == "1"
        }
        guard window.held else { return window }

        let body = try JSONSerialization.data(withJSONObject: Fixtures.tenants([Fixtures.tenant("acme")]))
        let request = Loopback.request("POST", "/api/v1/documents", token: token, contentLength: body.count) + body
        for _ in 0..<writes.count {
            DispatchQueue.global().async(group: writes.group) {
                let answer = (try? Loopback.exchange(port: port, request)) ?? "no answer"
                writes.answers.withLock { $0.append(answer) }
            }
        }
        Thread.sleep(forTimeInterval: 1)

        while ContinuousClock.now - started < .seconds(hold - 4) {
            for (path, cookie) in probes {
                let (answer, took) = try get(port, path, cookie: cookie)
                if !answer.hasPrefix("HTTP/1.1 200") { window.refused.append("\(path): \(answer.prefix(200))") }
                window.slowest[path] = max(window.slowest[path] ?? .zero, took)
            }
            window.rounds += 1
            Thread.sleep(forTimeInterval: 0.5)
        }
        window.writtenMeanwhile = writes.answers.withLock { $0.count }
        return window
    }

    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// Tenant acme with one published incident, and a customer of it.
    static func prepare(_ ws: Workspace) throws {
        let incident = try ws.write("incident.json", Fixtures.incident(Fixtures.tenant("acme"), id: "INC-1"))
        let published = try ws.run(["incident", "publish", incident, "--db", ws.db, "--portal", ws.portal.path])
        #expect(published.status == 0, "\(published.stderr)")
        let added = try ws.run(
            ["user", "add", "--db", ws.db, "--email", "user@acme.example", "--tenant", "acme"],
            stdin: Data("\(password)\n".utf8))
        #expect(added.status == 0, "\(added.stderr)")
    }

    static let password = "correct horse battery"

    /// Signs the customer in through the form; returns the session cookie ("name=value").
    static func signIn(port: Int) throws -> String {
        let form = try exchange(port, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let signinCookie = try #require(cookie(form, named: "socportal_signin"))
        let csrf = try #require(form.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
        let fields =
            "csrf=\(csrf)&email=user%40acme.example&password=\(password.replacingOccurrences(of: " ", with: "+"))"
        let answer = try exchange(
            port,
            "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: \(signinCookie)\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(fields.utf8.count)\r\n\r\n\(fields)"
        )
        #expect(answer.hasPrefix("HTTP/1.1 303"), "\(answer.prefix(300))")
        return try #require(cookie(answer, named: "socportal_session"))
    }

    static func get(_ port: Int, _ path: String, cookie: String?) throws -> (answer: String, took: Duration) {
        let started = ContinuousClock.now
        let answer = try exchange(
            port,
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + (cookie.map { "Cookie: \($0)\r\n" } ?? "") + "\r\n")
        return (answer, ContinuousClock.now - started)
    }

    static func exchange(_ port: Int, _ request: String) throws -> String {
        try Loopback.exchange(port: port, Data(request.utf8))
    }

    /// "name=value" of the response's Set-Cookie for `name`.
    static func cookie(_ response: String, named name: String) -> String? {
        response.split(separator: "\r\n").first { $0.lowercased().hasPrefix("set-cookie: \(name)=") }
            .map { String($0.dropFirst("set-cookie: ".count).prefix { $0 != ";" }) }
    }
}
