import Foundation
import Testing

/// `socreport user`: passwords from standard input only, stored as bcrypt hashes only.
@Suite struct UserCommandTests {
    static let password = "correct horse battery"

    @Test func usersAreAddedListedDisabledAndGivenNewPasswords() throws {
        let ws = try Workspace()
        let tenants = try ws.write(
            "tenants.json", ["kind": "tenants", "schemaVersion": 1, "tenants": [["id": "acme", "name": "Acme"]]])
        #expect(try ws.run(["ingest", "--db", ws.db, tenants]).status == 0)
        let input = Data("\(Self.password)\n".utf8)

        let added = try ws.run(
            ["user", "add", "--db", ws.db, "--email", "a@acme.example", "--tenant", "acme", "--name", "A"], stdin: input
        )
        #expect(added.status == 0, "\(added.stderr)")
        #expect(
            try ws.run(["user", "add", "--db", ws.db, "--email", "s@soc.example", "--staff"], stdin: input).status == 0)

        let duplicate = try ws.run(
            ["user", "add", "--db", ws.db, "--email", "A@acme.example", "--tenant", "acme"], stdin: input)
        #expect(
            duplicate.status != 0 && duplicate.stderr.contains("a user with the address A@acme.example already exists"))
        let unknown = try ws.run(
            ["user", "add", "--db", ws.db, "--email", "b@nowhere.example", "--tenant", "nowhere"], stdin: input)
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown tenant \"nowhere\""))
        let both = try ws.run(
            ["user", "add", "--db", ws.db, "--email", "c@acme.example", "--tenant", "acme", "--staff"], stdin: input)
        #expect(both.status != 0 && both.stderr.contains("exactly one of --tenant ID and --staff"))
        let short = try ws.run(
            ["user", "add", "--db", ws.db, "--email", "d@acme.example", "--staff"], stdin: Data("short\n".utf8))
        #expect(short.status != 0 && short.stderr.contains("at least 12 characters"))
        let none = try ws.run(["user", "add", "--db", ws.db, "--email", "e@acme.example", "--staff"], stdin: Data())
        #expect(none.status != 0 && none.stderr.contains("expected the password on standard input"))

        #expect(try ws.run(["user", "disable", "--db", ws.db, "a@acme.example"]).status == 0)
        #expect(
            try ws.run(
                ["user", "password", "--db", ws.db, "s@soc.example"], stdin: Data("another long password\n".utf8)
            ).status == 0)
        #expect(
            try ws.run(["user", "disable", "--db", ws.db, "z@acme.example"]).stderr.contains(
                "no user has the address z@acme.example"))
        let list = try ws.run(["user", "list", "--db", ws.db]).stdout
        #expect(
            list == "a@acme.example\tacme\t-\tdisabled\tA\ns@soc.example\t(staff)\tanalyst\tenabled\ts@soc.example\n")

        // Roles: staff are analysts unless made leads; customers have none.
        let lead = try ws.run(
            ["user", "add", "--db", ws.db, "--email", "l@soc.example", "--staff", "--role", "lead"], stdin: input)
        #expect(lead.status == 0 && lead.stdout.contains("staff, lead"), "\(lead.stderr)")
        let customerRole = try ws.run(
            ["user", "add", "--db", ws.db, "--email", "f@acme.example", "--tenant", "acme", "--role", "lead"],
            stdin: input)
        #expect(customerRole.status != 0 && customerRole.stderr.contains("customers have no role"))
        let badRole = try ws.run(
            ["user", "add", "--db", ws.db, "--email", "g@soc.example", "--staff", "--role", "boss"], stdin: input)
        #expect(badRole.status != 0 && badRole.stderr.contains("boss"))
        let promoted = try ws.run(["user", "role", "--db", ws.db, "--email", "s@soc.example", "--role", "lead"])
        #expect(promoted.status == 0 && promoted.stdout == "s@soc.example is now a lead\n", "\(promoted.stderr)")
        let notStaff = try ws.run(["user", "role", "--db", ws.db, "--email", "a@acme.example", "--role", "lead"])
        #expect(
            notStaff.status != 0 && notStaff.stderr.contains("a@acme.example is a customer; only staff have a role"))
        #expect(
            try ws.run(["user", "role", "--db", ws.db, "--email", "l@soc.example", "--role", "analyst"]).status == 0)
        #expect(
            try ws.run(["user", "list", "--db", ws.db]).stdout == """
                a@acme.example\tacme\t-\tdisabled\tA
                l@soc.example\t(staff)\tanalyst\tenabled\tl@soc.example
                s@soc.example\t(staff)\tlead\tenabled\ts@soc.example

                """)

        // Nothing but the hash: neither password appears anywhere in the store's files.
        for name in try FileManager.default.contentsOfDirectory(atPath: ws.url.path)
        where name.hasPrefix("store.sqlite") {
            let bytes = try Data(contentsOf: ws.url.appendingPathComponent(name))
            for secret in [Self.password, "another long password"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(name)")
            }
        }
    }
}
