import Foundation
import HummingbirdTesting
import SOCServer
import Testing

@Suite struct ConnectionTests {
    /// A connection left idle is closed by the server (`idleTimeout`), not held open for ever.
    @Test func idleConnectionsAreClosed() async throws {
        let server = try TestServer(flags: ["idle-timeout": "0.5"])
        try await server.server.application().test(.live) { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            try await Task.sleep(for: .seconds(2))
            await #expect(throws: (any Error).self) { try await client.execute(uri: "/healthz", method: .get) }
        }
        await server.server.pool.stop()
    }
}
