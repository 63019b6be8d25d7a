import Foundation
import RelayTestSupport
import Testing

@testable import PostgresTestSupport

/// The cluster scripts/with-postgres.sh starts, as the store's tests will use it: a database per test,
/// a role that is not superuser, TLS that a client checking the CA and host name accepts, and nothing else.
struct ClusterTests {
    @Test func eachFreshDatabaseIsNewEmptyAndOwnedByTheTestRole() throws {
        let first = try TestPostgres.freshDatabase(label: "Fresh-DB ✓")
        let second = try TestPostgres.freshDatabase(label: "Fresh-DB ✓")
        #expect(first != second)
        let tables = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        for url in [first, second] {
            let name = try #require(URLComponents(string: url)?.path.dropFirst())
            #expect(name.hasPrefix("t_fresh_db___"), "the label made safe: \(name)")
            #expect(
                try TestPostgres.psql(
                    url,
                    "SELECT current_database(), pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
                )
                    == "\(name)|socreport")
            #expect(try TestPostgres.psql(url, tables) == "0")
        }
        _ = try TestPostgres.psql(first, "CREATE TABLE seen (n int); INSERT INTO seen VALUES (1), (2)")
        #expect(try TestPostgres.psql(first, "SELECT n FROM seen ORDER BY n") == "1\n2", "a line per row")
        #expect(try TestPostgres.psql(second, tables) == "0", "one test's rows are not another's")
    }

    @Test func theTestRoleMayCreateDatabasesButIsNoSuperuser() throws {
        #expect(
            try TestPostgres.psql(
                try TestPostgres.url, "SELECT rolsuper, rolcreatedb FROM pg_roles WHERE rolname = current_user")
                == "f|t")
    }

    @Test func tlsIsVerifiedAgainstTheCAForBothNamesOfTheServer() throws {
        let url = try TestPostgres.freshDatabase(label: "tls")
        let mine = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
        let tls = try TestPostgres.requiringTLS(url)
        #expect(tls.contains("sslmode=verify-full&sslrootcert=\(try TestPostgres.caPath)"))
        #expect(try TestPostgres.psql(tls, mine) == "t")
        #expect(try TestPostgres.psql(tls.replacingOccurrences(of: "@127.0.0.1:", with: "@localhost:"), mine) == "t")
        #expect(try TestPostgres.psql(url + "?sslmode=disable", mine) == "f", "the same check sees a plain connection")
    }

    @Test func aServerCertificateFromAnotherCAIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("socreport-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (unrelated, _) = try Relay.makeCertificate(in: folder)
        var components = try #require(URLComponents(string: try TestPostgres.url))
        components.queryItems = [
            URLQueryItem(name: "sslmode", value: "verify-full"),
            URLQueryItem(name: "sslrootcert", value: unrelated.path),
        ]
        let refusal = #expect(throws: TestPostgresError.self) { try TestPostgres.psql(components.string!, "SELECT 1") }
        #expect(refusal?.description.contains("certificate verify failed") == true, "\(refusal?.description ?? "")")
    }

    @Test func withoutTheScriptTheMessageSaysWhatToRun() {
        let missing = #expect(throws: TestPostgresError.self) {
            try TestPostgres.setting(TestPostgres.urlVariable, in: [:])
        }
        #expect(
            missing?.description == "SOCREPORT_TEST_POSTGRES is not set: run the tests through scripts/with-postgres.sh"
        )
    }

    @Test func aFailingStatementReportsPsqlsError() throws {
        let url = try TestPostgres.url
        let failure = #expect(throws: TestPostgresError.self) {
            try TestPostgres.psql(url, "SELECT * FROM no_such_table")
        }
        #expect(
            failure?.description.contains("relation \"no_such_table\" does not exist") == true,
            "\(failure?.description ?? "")")
    }
}
