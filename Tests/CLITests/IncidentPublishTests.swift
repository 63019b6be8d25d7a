import Foundation
import SOCModel
import SOCPortal
import SOCStore
import Testing

@Suite struct IncidentPublishTests {
    @Test func publishStoresRendersAndWritesTheMail() throws {
        let work = try Workspace()
        let tenant = Fixtures.tenant("acme")
        let incident = try JSONSerialization.data(
            withJSONObject: Fixtures.incident(tenant, id: "INC-1", severity: "critical"))
        let outbox = work.url.appendingPathComponent("outbox")
        let arguments = [
            "incident", "publish", "-", "--db", work.db, "--portal", work.portal.path, "--outbox", outbox.path,
            "--mail-from", "SOC 報告 <soc@provider.example>",
        ]
        let result = try work.run(arguments, stdin: incident)
        #expect(result.status == 0, "\(result.stderr)")
        let pdf = work.portal.appendingPathComponent("acme/incidents/2026/03/INC-1-r1.pdf").resolvingSymlinksInPath()
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath() } == pdf)
        #expect(try Data(contentsOf: pdf).prefix(5) == Data("%PDF-".utf8))
        try work.expectConsistent("acme")
        #expect(try work.manifest("acme").documents.filter { $0.kind == .incident }.map(\.severity) == [.critical])

        let mails = try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { $0.hasSuffix(".eml") }
        #expect(mails == ["acme+INC-1-r1+soc@acme.example.eml"], "one file per contact with an address")
        let mail = try String(contentsOf: outbox.appendingPathComponent(mails[0]), encoding: .utf8)
        #expect(mail.contains("To: =?UTF-8?B?"))
        #expect(mail.contains("<soc@acme.example>"))
        #expect(!mail.contains("Phone only"), "a contact without an address gets no mail")
        #expect(mail.contains("Subject: =?UTF-8?B?"))
        #expect(mail.contains("Content-Type: application/pdf; name=\"INC-1-r1.pdf\""))
        #expect(mail.contains("Content-Type: text/plain; charset=UTF-8"))

        // The same document again: nothing rendered, published or mailed.
        let again = try work.run(arguments, stdin: incident)
        #expect(again.status == 0)
        #expect(again.stderr.contains("unchanged"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { $0.hasSuffix(".eml") }.count == 1)

        // A different document for the same revision is refused; a new revision gets its own file.
        let changed = try JSONSerialization.data(withJSONObject: Fixtures.incident(tenant, id: "INC-1", title: "別の件名"))
        let refused = try work.run(arguments, stdin: changed)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("next revision"))
        let second = try JSONSerialization.data(
            withJSONObject: Fixtures.incident(tenant, id: "INC-1", revision: 2, title: "別の件名"))
        #expect(try work.run(arguments, stdin: second).status == 0)
        #expect(
            try work.manifest("acme").documents.filter { $0.kind == .incident }.map(\.path) == [
                "incidents/2026/03/INC-1-r1.pdf", "incidents/2026/03/INC-1-r2.pdf",
            ])
        try work.expectConsistent("acme")
    }

    /// With a public URL, each contact's outbox file carries its own acknowledgement link, which works (its token's
    /// hash is in the store); publishing the revision again writes no file and changes none.
    @Test func eachOutboxFileCarriesItsContactsOwnWorkingLink() async throws {
        let work = try Workspace()
        var tenant = Fixtures.tenant("acme")
        tenant["contacts"] = [
            ["name": "SOC desk", "email": "soc@acme.example"], ["name": "CISO", "email": "ciso@acme.example"],
            ["name": "Phone only", "phone": "03-0000-0000"],
        ]
        let incident = try JSONSerialization.data(
            withJSONObject: Fixtures.incident(tenant, id: "INC-1", severity: "critical"))
        let outbox = work.url.appendingPathComponent("outbox")
        let arguments = [
            "incident", "publish", "-", "--db", work.db, "--portal", work.portal.path, "--outbox", outbox.path,
            "--public-url", "https://portal.example/",
        ]
        let result = try work.run(arguments, stdin: incident)
        #expect(result.status == 0, "\(result.stderr)")
        let names = ["acme+INC-1-r1+ciso@acme.example.eml", "acme+INC-1-r1+soc@acme.example.eml"]
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox.path).sorted() == names)
        #expect(result.stdout.split(separator: "\n").filter { $0.hasSuffix(".eml") }.count == 2, "\(result.stdout)")
        let files = try names.map { try String(contentsOf: outbox.appendingPathComponent($0), encoding: .utf8) }
        var tokens: [String] = []
        for (name, file) in zip(names, files) {
            let recipient = String(try #require(name.firstMatch(of: /\+([^+]+)\.eml$/)?.1))
            #expect(
                file.contains("To: ") && file.contains("<\(recipient)>")
                    && file.components(separatedBy: "@acme.example>").count == 2,
                "addressed to its contact only")
            // The text part, the first base64 one.
            let part = try #require(
                file.components(separatedBy: "Content-Transfer-Encoding: base64\r\n\r\n").dropFirst().first)
            let body = String(
                decoding: try #require(
                    Data(
                        base64Encoded: part.components(separatedBy: "\r\n--")[0]
                            .replacingOccurrences(of: "\r\n", with: ""))), as: UTF8.self)
            let token = String(
                try #require(
                    body.firstMatch(of: /https:\/\/portal\.example\/ack\/([0-9a-f]{64})(?![0-9a-f])/)?.1, "\(body)"))
            tokens.append(token)
            let outcome = try await work.openStore().acknowledge(tokenHash: SecretToken.hash(token))
            guard case .recorded(let link) = outcome else { Issue.record("\(outcome)"); continue }
            #expect(link.recipient == recipient && link.incidentID == "INC-1" && link.revision == 1)
        }
        #expect(Set(tokens).count == 2, "each file its own link")

        let again = try work.run(arguments, stdin: incident)
        #expect(again.status == 0 && !again.stdout.contains(".eml"), "\(again.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox.path).sorted() == names)
        #expect(
            try names.map { try String(contentsOf: outbox.appendingPathComponent($0), encoding: .utf8) } == files,
            "no file written again")

        // A revision whose mail an earlier version wrote as one file for all contacts gets none either.
        let other = try JSONSerialization.data(withJSONObject: Fixtures.incident(tenant, id: "INC-2"))
        #expect(
            try work.run(["incident", "publish", "-", "--db", work.db, "--portal", work.portal.path], stdin: other)
                .status == 0)
        let report = try #require(
            try await work.openStore().incidentPublication(tenantID: "acme", incidentID: "INC-2", revision: 1))
        var legacy = report
        legacy.kind = .mail
        legacy.portal = outbox.standardizedFileURL.path
        legacy.path = "acme+INC-2-r1.eml"
        try await work.openStore().recordPublication(legacy)
        #expect(try work.run(arguments, stdin: other).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox.path).sorted() == names)
    }

    @Test func eightConcurrentPublishersLoseNoEntry() throws {
        let work = try Workspace()
        let tenant = Fixtures.tenant("busy")
        // A fresh store and portal: the processes also race to create the schema and the folders.
        let processes = try (1...8).map { i in
            try CLI.start(
                ["incident", "publish", "-", "--db", work.db, "--portal", work.portal.path],
                stdin: try JSONSerialization.data(withJSONObject: Fixtures.incident(tenant, id: "INC-\(i)")),
                in: work.url)
        }
        for running in processes {
            running.process.waitUntilExit()
            #expect(running.result().status == 0, "\(running.result().stderr)")
        }
        let manifest = try work.manifest("busy")
        #expect(
            manifest.documents.filter { $0.kind == .incident }.map(\.id).sorted()
                == (1...8).map { "INC-\($0)" }.sorted())
        try work.expectConsistent("busy")
        let bundle = try work.run(["monthly", "bundle", "--tenant", "busy", "--month", "2026-03", "--db", work.db])
        #expect(try DocumentReader.readMonthly(Data(bundle.stdout.utf8), source: "bundle").incidents.count == 8)
    }

    @Test func portalFoldersAre0750AndFiles0640() throws {
        let work = try Workspace()
        let incident = try JSONSerialization.data(
            withJSONObject: Fixtures.incident(Fixtures.tenant("acme"), id: "INC-1"))
        #expect(
            try work.run(["incident", "publish", "-", "--db", work.db, "--portal", work.portal.path], stdin: incident)
                .status == 0)
        let folder = work.portal.appendingPathComponent("acme")
        func mode(_ path: String) throws -> Int {
            try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)[
                .posixPermissions] as! Int
        }
        for path in ["", "incidents", "incidents/2026", "incidents/2026/03"] {
            #expect(try mode(path) == 0o750, "\(path)")
        }
        for path in ["incidents/2026/03/INC-1-r1.pdf", "index.json", "index.html"] {
            #expect(try mode(path) == 0o640, "\(path)")
        }
    }
}

/// `incident export` and `monthly export`: the indicator files without publishing, the same bytes as published.
@Suite struct IndicatorExportTests {
    @Test func exportsWriteWhatPublishingPutsInThePortal() throws {
        let work = try Workspace()
        let tenant = Fixtures.tenant("acme")
        var record = Fixtures.incident(tenant, id: "INC-1")
        var recommendations = record["recommendations"] as? [String: Any] ?? [:]
        recommendations["blockDomains"] = ["例え.テスト", "evil example"]
        recommendations["blockUrls"] = ["http://evil.example/it's here"]
        recommendations["blockIps"] = ["2001:DB8::1", "198.51.100.0/24"]
        record["recommendations"] = recommendations
        let incident = try JSONSerialization.data(withJSONObject: record)
        let published = try work.run(
            ["incident", "publish", "-", "--db", work.db, "--portal", work.portal.path], stdin: incident)
        #expect(published.status == 0, "\(published.stderr)")
        #expect(
            published.stderr.contains(
                #"warning: <stdin>: $.recommendations.blockDomains[1]: "evil example" is not a domain name"#))
        try work.expectConsistent("acme")

        let folder = work.portal.appendingPathComponent("acme/incidents/2026/03")
        for (format, suffix, type) in [
            ("stix", ".stix.json", nil), ("csv", ".iocs.csv", nil), ("txt", ".domains.txt", "domains"),
            ("txt", ".urls.txt", "urls"), ("txt", ".ips.txt", "ips"),
        ] {
            let out = work.url.appendingPathComponent("out\(suffix)")
            let result = try work.run(
                ["incident", "export", "-", "--format", format, "-o", out.path] + (type.map { ["--type", $0] } ?? []),
                stdin: incident)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(
                try Data(contentsOf: out) == Data(contentsOf: folder.appendingPathComponent("INC-1-r1\(suffix)")),
                "\(suffix)")
        }
        let ips = try work.run(["incident", "export", "-", "--format", "txt", "--type", "ips"], stdin: incident)
        #expect(ips.stdout == "2001:db8::1\n198.51.100.0/24\n")
        let domains = try work.run(
            ["incident", "export", "-", "--format", "txt", "--type", "domains"], stdin: incident)
        #expect(domains.stdout == "xn--r8jz45g.xn--zckzah\n")
        let refused = try work.run(["incident", "export", "-", "--format", "txt"], stdin: incident)
        #expect(refused.status == 64 && refused.stderr.contains("--format txt needs --type"))

        let run = try work.run([
            "monthly", "run", "--month", "2026-03", "--db", work.db, "--portal", work.portal.path, "--tenant", "acme",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        try work.expectConsistent("acme")
        let monthly = try work.run([
            "monthly", "export", "--tenant", "acme", "--month", "2026-03", "--db", work.db, "--format", "csv",
        ])
        #expect(monthly.status == 0, "\(monthly.stderr)")
        #expect(
            Data(monthly.stdout.utf8)
                == (try Data(contentsOf: work.portal.appendingPathComponent("acme/monthly/2026-03.iocs.csv"))))
        #expect(monthly.stdout.contains("\r\ndomain,xn--r8jz45g.xn--zckzah,INC-1,1,"))
    }
}
