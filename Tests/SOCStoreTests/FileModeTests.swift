import Foundation
import SOCStore
import Testing

@Suite struct FileModeTests {
    /// A new SQLite store, its write-ahead log and shared-memory file are the owner's only, whatever the umask.
    @Test func aNewStoreIsReadableByItsOwnerOnly() async throws {
        let database = try TestDatabase(.sqlite)
        let previous = umask(0o022)
        defer { umask(previous) }
        let store = try database.open()
        try await Fixtures.ingest([Fixtures.tenants([Fixtures.tenant("acme")])], into: store)
        for suffix in ["", "-wal", "-shm"] {
            let mode =
                try FileManager.default.attributesOfItem(atPath: database.location + suffix)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(suffix.isEmpty ? "store" : suffix): \(String(mode ?? 0, radix: 8))")
        }
    }
}
