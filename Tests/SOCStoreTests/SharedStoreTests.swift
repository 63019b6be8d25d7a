import Foundation
import PostgresTestSupport
import SOCStore
import Synchronization
import Testing

/// One store shared by several writers at once, and how a PostgreSQL store is reached.
@Suite struct SharedStoreTests {
    /// Opens `count` stores at once, each on its own thread, then runs `body` with each at once, and
    /// returns what each returned.
    func together<T: Sendable>(
        _ count: Int, _ location: String, _ body: @escaping @Sendable (Int, Store) async throws -> T
    ) async throws -> [T] {
        let stores = Results<Store>()
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for _ in 0..<count {
            DispatchQueue.global().async(group: group) {
                start.wait()
                stores.append(Result { try Store(location: location) })
            }
        }
        for _ in 0..<count { start.signal() }
        await withCheckedContinuation { done in group.notify(queue: .global()) { done.resume() } }
        let opened = try stores.values.map { try $0.get() }
        return try await withThrowingTaskGroup(of: T.self) { tasks in
            for (index, store) in opened.enumerated() {
                tasks.addTask { try await body(index, store) }
            }
            return try await tasks.reduce(into: []) { $0.append($1) }
        }
    }

    @Test(arguments: TestStore.allCases) func storesOpenedTogetherApplyEachMigrationOnce(_ backend: TestStore)
        async throws
    {
        let database = try TestDatabase(backend)
        let migrations = try await together(6, database.location) { _, store in try await store.appliedMigrations() }
        let first = try #require(migrations.first)
        #expect(first.first == "v1: documents and publications" && first.count >= 7)
        #expect(migrations.allSatisfy { $0 == first })
        if backend == .postgres {
            #expect(
                try TestPostgres.psql(
                    database.location, "SELECT count(*), count(DISTINCT identifier) FROM schemaMigration")
                    == "\(first.count)|\(first.count)")
        }
    }

    @Test(arguments: TestStore.allCases) func ofClaimantsTogetherExactlyOneWins(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        _ = try database.open()
        let outcomes = try await together(8, database.location) { index, store in
            let owner = "host-\(index).example:1:x"
            return (owner, try await store.claimMonthly(tenantID: "acme", month: "2026-03", owner: owner))
        }
        let winners = outcomes.filter { $0.1 == .claimed }.map(\.0)
        #expect(winners.count == 1)
        #expect(
            outcomes.allSatisfy { $0.1 == .claimed || $0.1 == .heldBy(winners.first ?? "") },
            "every loser names the winner")
    }

    @Test func claimantsAgreeWhateverTheDatabasesDefaultIsolation() async throws {
        let database = try TestDatabase(.postgres)
        _ = try database.open()
        let name = try #require(URLComponents(string: database.location)?.path.dropFirst())
        _ = try TestPostgres.psql(
            database.location, "ALTER DATABASE \(name) SET default_transaction_isolation = 'serializable'")
        let outcomes = try await together(8, database.location) { index, store in
            try await store.claimMonthly(tenantID: "acme", month: "2026-03", owner: "host-\(index).example:1:x")
        }
        #expect(outcomes.filter { $0 == .claimed }.count == 1)
    }

    @Test(arguments: TestStore.allCases) func deliverersTogetherClaimEachMailOnce(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        let recipients = (0..<40).map { "c\($0)@acme.example" }
        try await database.open().recordPublications(
            [],
            queueing: recipients.map {
                NewMail(
                    tenantID: "acme", incidentID: "INC-1", revision: 1, severity: "critical", sender: "soc@soc.example",
                    recipient: $0, subject: "s", message: Array("m".utf8))
            })
        let claimed = try await together(4, database.location) { _, store in
            var mine: [Int64] = []
            while case let batch = try await store.claimDueMails(lease: 60, limit: 3), !batch.isEmpty {
                mine += batch.map(\.mail.id)
            }
            return mine
        }.flatMap { $0 }
        #expect(claimed.count == 40 && Set(claimed).count == 40)
    }

    @Test func aStoreOutlivesItsConnections() async throws {
        let database = try TestDatabase(.postgres)
        let store = try database.open()
        try await Fixtures.ingest([Fixtures.tenants([Fixtures.tenant("acme")])], into: store)
        let name = try #require(URLComponents(string: database.location)?.path.dropFirst())
        // The server ends every connection of the store (an administrator, a fail-over, a restart).
        let ended = try TestPostgres.psql(
            database.location,
            """
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(name)' AND pid <> pg_backend_pid()
            """)
        #expect(Int(ended) ?? 0 >= 1)
        #expect(try await store.tenantIDs() == ["acme"])
        try await Fixtures.ingest([Fixtures.tenants([Fixtures.tenant("beta")])], into: store)
        #expect(try await store.tenantIDs() == ["acme", "beta"])
    }

    @Test(arguments: TestStore.allCases) func writersTogetherLoseNoRecord(_ backend: TestStore) async throws {
        let database = try TestDatabase(backend)
        _ = try database.open()
        _ = try await together(8, database.location) { writer, store in
            for number in 0..<15 {
                try await store.recordPublication(
                    PublicationRecord(
                        tenantID: "acme", portal: "/srv/portal", path: "incidents/W\(writer)-\(number)/r1.pdf",
                        kind: .incident,
                        documentID: "W\(writer)-\(number)", revision: 1, month: "2026-03", size: number,
                        sha256: String(repeating: "a", count: 64), inputSha256: String(repeating: "b", count: 64),
                        renderer: "r", publishedAt: "2026-03-10T01:00:00Z", command: "incident publish"))
            }
        }
        #expect(Set(try await database.open().publications(tenantID: "acme").map(\.path)).count == 8 * 15)
    }

    @Test func aURLAskingForTLSGetsItVerifiedAgainstItsCA() async throws {
        let location = try TestPostgres.requiringTLS(try TestPostgres.freshDatabase(label: "tls"))
        let store = try Store(location: location)
        try await store.ping()
        let name = try #require(URLComponents(string: location)?.path.dropFirst())
        #expect(
            try TestPostgres.psql(
                try TestPostgres.url,
                """
                SELECT bool_and(s.ssl) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.datname = '\(name)'
                """) == "t", "the store's connections are encrypted")

        let strangers = try otherCA()
        let wrongCA = location.replacingOccurrences(of: try TestPostgres.caPath, with: strangers)
        #expect { try Store(location: wrongCA) } throws: { error in
            "\(error)".contains("cannot open the store") && "\(error)".lowercased().contains("certificate")
        }
    }

    @Test func aStoreThatCannotBeOpenedSaysWhyAndNeverShowsThePassword() throws {
        let url = try TestPostgres.url
        var components = try #require(URLComponents(string: url))
        components.password = "not-the-password"
        #expect { try Store(location: components.string!) } throws: { error in
            "\(error)".contains("password authentication failed") && !"\(error)".contains("not-the-password")
                && "\(error)".contains("***")
        }
        #expect { try Store(location: url + "?sslmode=sometimes") } throws: { error in
            "\(error)".contains("sslmode \"sometimes\" is not one of disable, require, verify-ca, verify-full")
        }
        #expect { try Store(location: url + "?application=x") } throws: { error in
            "\(error)".contains("unknown parameter \"application\"")
        }
        #expect { try Store(location: "postgres://socreport:pw@127.0.0.1:1/socreport") } throws: { error in
            "\(error)".hasPrefix("cannot open the store postgres://socreport:***@127.0.0.1:1/socreport:")
        }
        #expect { try Store(location: "sqlite:") } throws: { error in "\(error)".contains("no path after sqlite:") }
        // A password the URL syntax cannot hold unescaped, or a URL without a host, is never shown.
        for unreadable in [
            "postgres://socreport:se#cret@127.0.0.1/socreport", "postgres://socreport:secret@/socreport",
        ] {
            #expect { try Store(location: unreadable) } throws: { error in
                "\(error)".contains("not a URL like postgres://user:password@host:port/database")
                    && !"\(error)".contains("secret")
            }
        }
    }

    /// A CA that signed nothing the server holds.
    func otherCA() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("other-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let certificate = folder.appendingPathComponent("ca.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=Unrelated CA", "-keyout", folder.appendingPathComponent("ca.key").path, "-out", certificate,
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return certificate
    }
}

/// Results gathered from several threads.
private final class Results<T: Sendable>: Sendable {
    private let list = Mutex<[Result<T, any Error>]>([])

    func append(_ result: Result<T, any Error>) { list.withLock { $0.append(result) } }
    var values: [Result<T, any Error>] { list.withLock { $0 } }
}
