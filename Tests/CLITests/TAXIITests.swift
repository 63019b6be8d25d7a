import Foundation
import PostgresTestSupport
import Testing

/// TAXII 2.1 as a customer's tool sees it: the OASIS taxii2-client (taxii_customer.py) against the real
/// `socreport serve`, with keys made by `apikey`, on each kind of store.
@Suite struct TAXIITests {
    /// Acme's first incident names this many domains to block.
    static let indicators = 240

    @Test(arguments: TestStore.allCases)
    func customersToolPollsItsTenantsFeedOnly(store: TestStore) async throws {
        let ws = try Workspace(store: store)
        let acme = Fixtures.tenant("acme"), beta = Fixtures.tenant("beta")
        #expect(
            try ws.run(["ingest", ws.write("tenants.json", Fixtures.tenants([acme, beta])), "--db", ws.db]).status == 0)
        func key(_ name: String, _ arguments: [String]) throws -> String {
            let created = try ws.run(["apikey", "create", "--db", ws.db, "--name", name] + arguments)
            #expect(created.status == 0, "\(created.stderr)")
            return created.stdout.split(separator: "\n").last.map(String.init) ?? ""
        }
        let tokens = [
            "publisher": try key("publisher", ["--scope", "publish"]),
            "acme": try key("acme-siem", ["--scope", "taxii", "--tenant", "acme"]),
            "acme_red": try key("acme-red", ["--scope", "taxii", "--tenant", "acme", "--allow-red"]),
            "acme_read": try key("acme-read", ["--scope", "read", "--tenant", "acme"]),
            "beta": try key("beta-siem", ["--scope", "taxii", "read", "--tenant", "beta"]),
        ]

        var many = Fixtures.incident(acme, id: "INC-1")
        let domains = (0..<Self.indicators).map { "bad-\($0).example" }
        many["recommendations"] = ["actions": ["ブロックしてください。"], "blockDomains": domains]
        var red = Fixtures.incident(acme, id: "INC-RED", determinedAt: "2026-03-11T10:00:00+09:00")
        red["tlp"] = "red"
        red["recommendations"] = ["actions": ["ブロックしてください。"], "blockDomains": ["red-only.example"]]
        var betas = Fixtures.incident(beta, id: "INC-B1")
        betas["recommendations"] = ["actions": ["ブロックしてください。"], "blockDomains": ["beta-only.example"]]
        var revised = Fixtures.incident(acme, id: "INC-1", revision: 2)
        revised["revisionNote"] = "もう一つのドメイン。"
        revised["recommendations"] = ["actions": ["ブロックしてください。"], "blockDomains": domains + ["later-only.example"]]

        let server = try CLI.start(
            ["serve", "--db", ws.db, "--portal", ws.portal.path, "--listen", "127.0.0.1:0", "--workers", "1"],
            in: ws.url)
        defer { if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) } }
        let port = try await ServeTests.listeningPort(server)
        let config = try ws.write(
            "taxii.json",
            [
                "base": "http://127.0.0.1:\(port)", "tokens": tokens, "before": [many, red, betas], "later": [revised],
                "indicators": Self.indicators,
                "only": ["red": "red-only.example", "beta": "beta-only.example", "later": "later-only.example"],
            ] as [String: Any])
        let outcome = try Self.python("taxii_customer.py", [config], in: ws.url)
        #expect(outcome.status == 0 && outcome.stdout.hasSuffix("ok\n"), "\(outcome.stdout)\(outcome.stderr)")
        kill(server.process.processIdentifier, SIGTERM)
    }

    @Test func tenantKeysReadOneKnownTenantAndAreListedWithIt() throws {
        let ws = try Workspace()
        #expect(
            try ws.run(["ingest", ws.write("tenants.json", Fixtures.tenants([Fixtures.tenant("acme")])), "--db", ws.db])
                .status == 0)
        let created = try ws.run([
            "apikey", "create", "--db", ws.db, "--name", "acme-siem", "--scope", "taxii", "read", "--tenant", "acme",
            "--allow-red",
        ])
        #expect(
            created.status == 0
                && created.stdout.contains(
                    #"API key "acme-siem" created for tenant acme with scopes taxii, read, TLP:RED allowed"#),
            "\(created.stdout)\(created.stderr)")
        #expect(try ws.run(["apikey", "create", "--db", ws.db, "--name", "ops", "--scope", "publish"]).status == 0)
        let listed = try ws.run(["apikey", "list", "--db", ws.db]).stdout.split(separator: "\n").map(String.init)
        #expect(
            listed.count == 2 && listed[0].hasPrefix("acme-siem\ttaxii,read\ttenant acme TLP:RED\tcreated "),
            "\(listed)")
        #expect(listed[1].hasPrefix("ops\tpublish\ttenant *\tcreated "), "\(listed)")

        let writing = try ws.run([
            "apikey", "create", "--db", ws.db, "--name", "w", "--scope", "taxii", "publish", "ingest", "--tenant",
            "acme",
        ])
        #expect(
            writing.status == 1
                && writing.stderr.contains(
                    #"a key for one tenant may only read; it cannot have the scope "publish", "ingest""#),
            "\(writing.stderr)")
        let unknown = try ws.run([
            "apikey", "create", "--db", ws.db, "--name", "u", "--scope", "taxii", "--tenant", "nobody",
        ])
        #expect(unknown.status == 1 && unknown.stderr.contains(#"unknown tenant "nobody""#), "\(unknown.stderr)")
        #expect(
            try ws.run(["apikey", "list", "--db", ws.db]).stdout.split(separator: "\n").count == 2, "nothing was stored"
        )
    }

    /// Runs a Python script of this folder with `python3` from the PATH.
    static func python(_ script: String, _ arguments: [String], in folder: URL) throws -> CLI.Result {
        let path = CLI.packageRoot.appendingPathComponent("Tests/CLITests/\(script)").path
        let running = CLI.Running(
            stdoutFile: folder.appendingPathComponent(".python-out"),
            stderrFile: folder.appendingPathComponent(".python-err"))
        let handles = try CLI.prepare(
            running.process, URL(fileURLWithPath: "/usr/bin/env"), ["python3", path] + arguments, in: folder,
            stdout: running.stdoutFile, stderr: running.stderrFile, stdin: nil)
        try running.process.run()
        running.process.waitUntilExit()
        for handle in handles { try handle.close() }
        return running.result()
    }
}
