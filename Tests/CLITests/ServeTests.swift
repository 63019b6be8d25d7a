import Foundation
import PostgresTestSupport
import SOCPortal
import SOCStore
import Synchronization
import Testing

/// The real `socreport serve` over a loopback socket: keys made by `apikey`, a request in flight when
/// SIGTERM comes, a clean exit.
@Suite struct ServeTests {
    @Test func apiKeyCommandsPrintTheTokenOnceAndStoreItsDigestOnly() throws {
        let ws = try Workspace()
        let created = try ws.run(["apikey", "create", "--db", ws.db, "--name", "siem", "--scope", "ingest", "read"])
        #expect(created.status == 0, "\(created.stderr)")
        let token = try #require(created.stdout.split(separator: "\n").last.map(String.init))
        #expect(token.hasPrefix("socr_") && token.count == 69)
        let listed = try ws.run(["apikey", "list", "--db", ws.db])
        #expect(listed.stdout.hasPrefix("siem\tingest,read\ttenant *\tcreated ") && listed.stdout.contains("\tactive"))
        #expect(!listed.stdout.contains(token.dropFirst(5)))
        let duplicate = try ws.run(["apikey", "create", "--db", ws.db, "--name", "siem", "--scope", "read"])
        #expect(duplicate.status == 1 && duplicate.stderr.contains(#"an API key named "siem" exists"#))
        let badScope = try ws.run(["apikey", "create", "--db", ws.db, "--name", "x", "--scope", "admin"])
        #expect(badScope.status != 0 && badScope.stderr.contains("admin"))
        #expect(try ws.run(["apikey", "revoke", "--db", ws.db, "siem"]).status == 0)
        #expect(try ws.run(["apikey", "list", "--db", ws.db]).stdout.contains("\trevoked "))
        #expect(try ws.run(["apikey", "revoke", "--db", ws.db, "siem"]).status == 1)
    }

    @Test func invalidConfigurationIsRefusedBeforeListening() throws {
        let ws = try Workspace()
        let result = try ws.run(["serve", "--db", ws.db, "--smtp", "http://relay.example.com", "--listen", "nowhere"])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("--smtp: the mail relay must be an smtp:// or smtps:// URL, not http://"),
            "\(result.stderr)")
        #expect(result.stderr.contains("--listen: \"nowhere\" is not HOST:PORT"))
    }

    @Test func sigtermFinishesTheRequestInFlightAndExitsCleanly() async throws {
        let ws = try Workspace()
        let token = try #require(
            try ws.run(["apikey", "create", "--db", ws.db, "--name", "t", "--scope", "publish", "read", "tenants"])
                .stdout.split(separator: "\n").last.map(String.init))
        // The idle timeout well above anything this test waits: beside the whole suite on 2 cores, this test's tasks can
        // wait long for a thread between the two halves of the body, and the 60 s default then closes the half-read request.
        let server = try CLI.start(
            [
                "serve", "--db", ws.db, "--portal", ws.portal.path, "--listen", "127.0.0.1:0", "--workers", "1",
                "--idle-timeout", "900",
                "--webhook", "http://127.0.0.1:9/page", "--webhook-secret", "webhook-secret-never-logged",
            ],
            in: ws.url, environment: ["SOCREPORT_LOG_LEVEL": "debug"])
        defer { if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) } }
        let port = try await Self.listeningPort(server)

        let health = try Loopback.exchange(port: port, Loopback.request("GET", "/healthz"))
        #expect(health.hasPrefix("HTTP/1.1 200"), "\(health)")
        let ackToken = String(repeating: "5eC7e7", count: 11)
        _ = try Loopback.exchange(port: port, Loopback.request("GET", "/ack/" + ackToken))

        // Half a request, so that it is certainly in flight when the signal comes.
        let body = try JSONSerialization.data(withJSONObject: Fixtures.incident(Fixtures.tenant("acme"), id: "INC-1"))
        let connection = try Loopback(port: port)
        try connection.send(Loopback.request("POST", "/api/v1/incidents", token: token, contentLength: body.count))
        try connection.send(body.prefix(body.count / 2))
        // The server has read the request's head (logged at debug level): it is in flight, not an idle connection.
        try await Self.waitForLog(server, "hb.request.path=/api/v1/incidents")
        kill(server.process.processIdentifier, SIGTERM)
        var refused = false
        for _ in 0..<100 where !refused {
            refused = (try? Loopback(port: port)) == nil
            if !refused { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(refused, "no new connection is accepted while shutting down")
        try connection.send(body.suffix(from: body.count / 2))
        let answer = try connection.receiveAll()
        #expect(
            answer.hasPrefix("HTTP/1.1 201"),
            "\(answer)\n\((try? String(contentsOf: server.stderrFile, encoding: .utf8)) ?? "")")
        #expect(answer.contains(#""path":"incidents/2026/03/INC-1-r1.pdf""#))

        for _ in 0..<300 where server.process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!server.process.isRunning)
        let result = server.result()
        #expect(result.status == 0, "\(result.stderr)")
        try ws.expectConsistent("acme")
        let published = result.stderr.split(separator: "\n").filter { $0.hasSuffix("] published") }
        #expect(
            published.count == 1 && published[0].contains("hb.request.id="),
            "every request's lines carry its id: \(result.stderr)")
        #expect(
            !result.stderr.contains("webhook-secret-never-logged") && !result.stderr.contains(ackToken),
            "no secret in the log, debug level included")
        #expect(
            result.stderr.contains("hb.request.path=/ack/<token>"),
            "the acknowledgement link's request is logged without its token")
    }

    /// Two servers on one store and one portal folder, as replicas behind a load balancer: what one
    /// publishes the other knows, and eight publishers spread over both, contending for one tenant's
    /// manifest, lose no entry of it nor of the store's publications.
    @Test(arguments: TestStore.allCases)
    func twoServersOnOneStoreShareWhatTheyPublish(store: TestStore) async throws {
        let ws = try Workspace(store: store)
        let token = try #require(
            try ws.run(["apikey", "create", "--db", ws.db, "--name", "t", "--scope", "publish", "read", "tenants"])
                .stdout.split(separator: "\n").last.map(String.init))
        let servers = try (0..<2).map { _ in
            try CLI.start(
                ["serve", "--db", ws.db, "--portal", ws.portal.path, "--listen", "127.0.0.1:0", "--workers", "2"],
                in: ws.url)
        }
        defer {
            for server in servers where server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) }
        }
        var listening: [Int] = []
        for server in servers { listening.append(try await Self.listeningPort(server)) }
        let ports = listening

        @Sendable func publish(_ id: String, through port: Int) throws -> String {
            let body = try JSONSerialization.data(withJSONObject: Fixtures.incident(Fixtures.tenant("acme"), id: id))
            return try Loopback.exchange(
                port: port,
                Loopback.request("POST", "/api/v1/incidents", token: token, contentLength: body.count) + body)
        }
        func entries(through port: Int) throws -> String {
            try Loopback.exchange(port: port, Loopback.request("GET", "/api/v1/tenants/acme/entries", token: token))
        }

        let first = try publish("INC-0", through: ports[0])
        #expect(first.hasPrefix("HTTP/1.1 201"), "\(first)")
        #expect(try entries(through: ports[1]).contains(#""path":"incidents/2026/03/INC-0-r1.pdf""#))
        let again = try publish("INC-0", through: ports[1])
        #expect(again.hasPrefix("HTTP/1.1 200"), "the other server finds the revision published: \(again)")

        let answers = await Self.concurrently(8) { i in
            Result { try publish("INC-\(i + 1)", through: ports[i % 2]) }
        }
        for answer in answers { #expect((try? answer.get())?.hasPrefix("HTTP/1.1 201") == true, "\(answer)") }

        let reports = (0...8).map { "incidents/2026/03/INC-\($0)-r1.pdf" }
        let manifest = try ws.manifest("acme")
        #expect(manifest.documents.filter { $0.kind == .incident }.map(\.path).sorted() == reports.sorted())
        try ws.expectConsistent("acme")
        for port in ports {
            let listed = try entries(through: port)
            #expect(reports.allSatisfy { listed.contains(#""path":"\#($0)""#) }, "\(listed)")
        }
        // The store recorded each file of the manifest once, with the manifest's digest.
        let recorded = try await ws.openStore().publications(tenantID: "acme").filter { $0.kind != .mail }
        #expect(recorded.count == manifest.documents.count)
        #expect(
            Dictionary(recorded.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
                == Dictionary(uniqueKeysWithValues: manifest.documents.map { ($0.path, $0.sha256) }))
    }

    /// `count` calls of `body` on threads of their own, released together; their results in call order.
    static func concurrently<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) async -> [T] {
        let results = Mutex([T?](repeating: nil, count: count))
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for i in 0..<count {
            group.enter()
            Thread {
                start.wait()
                let result = body(i)
                results.withLock { $0[i] = result }
                group.leave()
            }.start()
        }
        for _ in 0..<count { start.signal() }
        await withCheckedContinuation { continuation in group.notify(queue: .global()) { continuation.resume() } }
        return results.withLock { $0.map { $0! } }
    }

    /// The port from the server's "listening" log line.
    /// Waits (up to 10 s) until the server's log has a line containing `text`.
    static func waitForLog(_ server: CLI.Running, _ text: String) async throws {
        for _ in 0..<100 {
            if ((try? String(contentsOf: server.stderrFile, encoding: .utf8)) ?? "").contains(text) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the server never logged \(text)")
        throw CancellationError()
    }

    static func listeningPort(_ server: CLI.Running) async throws -> Int {
        func log() -> String { (try? String(contentsOf: server.stderrFile, encoding: .utf8)) ?? "" }
        for _ in 0..<600 {
            let log = log()
            if let line = log.split(separator: "\n").first(where: { $0.contains("listening") }),
                let port = line.split(separator: ":").last.flatMap({ Int($0.prefix(while: \.isNumber)) })
            {
                return port
            }
            if !server.process.isRunning { Issue.record("the server ended: \(log)"); throw CancellationError() }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the server did not start listening: \(log())")
        throw CancellationError()
    }
}

/// A plain TCP connection to the loopback interface, for requests sent in pieces.
final class Loopback {
    let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECONNREFUSED)
        }
    }

    deinit { close(socket) }

    static func request(_ method: String, _ path: String, token: String? = nil, contentLength: Int? = nil) -> Data {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if let contentLength { head += "Content-Type: application/json\r\nContent-Length: \(contentLength)\r\n" }
        return Data((head + "\r\n").utf8)
    }

    static func exchange(port: Int, _ request: Data) throws -> String {
        let connection = try Loopback(port: port)
        try connection.send(request)
        return try connection.receiveAll()
    }

    func send(_ data: Data) throws {
        try data.withUnsafeBytes { buffer in
            var sent = 0
            while sent < buffer.count {
                let n = Glibc.send(socket, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPIPE) }
                sent += n
            }
        }
    }

    /// Everything until the server closes the connection.
    func receiveAll() throws -> String {
        var received = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(socket, &chunk, chunk.count, 0)
            guard n >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            if n == 0 { break }
            received.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: received, as: UTF8.self)
    }
}
