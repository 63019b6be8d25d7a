import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import SOCServer
import Testing

/// What the listeners answer beside the routes: connection lifetime, transport security, the admin listener.
@Suite struct ConnectionTests {
    /// A connection left idle is closed by the server (`idleTimeout`), not held open for ever.
    @Test func idleConnectionsAreClosed() async throws {
        let server = try await TestServer(flags: ["idle-timeout": "0.5"])
        do {
            try await server.server.application().test(.live) { client in
                // A connection of its own, as the test client's shutdown takes its one being closed for a failure.
                let connection = TestClient(host: "localhost", port: try #require(client.port))
                connection.connect()
                #expect(try await connection.get("/healthz").status == .ok)
                try await Task.sleep(for: .seconds(2))
                await #expect(throws: (any Error).self) { try await connection.get("/healthz") }
                try? await connection.shutdown()
            }
        } catch ChannelError.ioOnClosedChannel {
            // The framework's own client sat idle too and was closed by the server, which its shutdown reports.
        }
        await server.server.pool.stop()
    }

    @Test func httpsPublicAddressesGetStrictTransportSecurity() async throws {
        let secure = try await TestServer(flags: ["public-url": "https://portal.example.com"])
        try await secure.test { client in
            for path in ["/healthz", "/login", "/api/v1/tenants/acme/entries", "/no-such-page"] {
                let response = try await client.call(.get, path, token: nil)
                #expect(response.headers[.strictTransportSecurity] == "max-age=31536000", "\(path) \(response.status)")
            }
        }
        let plain = try await TestServer(flags: ["public-url": "http://portal.example.com"])
        try await plain.test { client async throws in
            #expect(try await client.call(.get, "/login", token: nil).headers[.strictTransportSecurity] == nil)
        }
    }

    /// With an admin listener, the public one keeps `/healthz` and a bare `/readyz`; metrics and details move.
    @Test func metricsAndReadinessDetailsMoveToTheAdminListener() async throws {
        let t = try await TestServer(flags: ["admin-listen": "127.0.0.1:0"])
        try await t.test { client in
            #expect(try await client.call(.get, "/healthz", token: nil).status == .ok)
            #expect(try await client.call(.get, "/metrics", token: nil).status == .notFound)
            let ready = try await client.call(.get, "/readyz", token: nil)
            #expect(ready.status == .ok && ready.json.keys.sorted() == ["status"], "\(ready.text)")
        }
        try await Application(router: t.server.adminRouter()).test(.router) { client in
            #expect(try await client.call(.get, "/healthz", token: nil).status == .ok)
            let metrics = try await client.call(.get, "/metrics", token: nil)
            #expect(metrics.status == .ok && metrics.text.contains("socreport_http_requests_total"), "\(metrics.text)")
            #expect(try await client.call(.get, "/readyz", token: nil).json["renderWorkers"] as? Int == 1)
        }
        #expect(t.server.adminApplication() != nil)
    }

    /// The admin listener answers while every loop of the public listener is blocked: a liveness probe does not
    /// wait behind a morning's pages. The public listener, blocked, answers only once its loops are free.
    @Test func theAdminListenerAnswersWhileThePublicLoopsAreBlocked() async throws {
        let t = try await TestServer(flags: ["admin-listen": "127.0.0.1:0"])
        let admin = try #require(t.server.adminApplication())
        try await t.server.application().test(.live) { publicClient in
            try await admin.test(.live) { adminClient in
                // Clients on loops of their own, so that blocking the server's loops does not hold them up.
                let loops = MultiThreadedEventLoopGroup(numberOfThreads: 2)
                let clients = try [publicClient.port, adminClient.port].map {
                    TestClient(host: "localhost", port: try #require($0), eventLoopGroupProvider: .shared(loops))
                }
                for client in clients {
                    client.connect()
                    #expect(try await client.get("/healthz").status == .ok)
                }
                let blocked = Duration.seconds(2)
                for loop in MultiThreadedEventLoopGroup.singleton.makeIterator() {
                    loop.execute { Thread.sleep(forTimeInterval: 2) }
                }
                let start = ContinuousClock.now
                async let publicAnswer = clients[0].get("/healthz")
                let adminStatus = try await clients[1].get("/healthz").status
                let adminTook = ContinuousClock.now - start
                #expect(adminStatus == .ok && adminTook < blocked / 4, "the admin listener took \(adminTook)")
                #expect(try await publicAnswer.status == .ok)
                let publicTook = ContinuousClock.now - start
                #expect(publicTook > blocked / 2, "the blocked public listener answered after \(publicTook)")
                for client in clients { try? await client.shutdown() }
                try await loops.shutdownGracefully()
            }
        }
        await t.server.pool.stop()
    }
}
