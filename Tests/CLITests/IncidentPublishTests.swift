import Foundation
import SOCModel
import SOCPortal
import Testing

@Suite struct IncidentPublishTests {
    @Test func publishStoresRendersAndWritesTheMail() throws {
        let work = try Workspace()
        let tenant = Fixtures.tenant("acme")
        let incident = try JSONSerialization.data(withJSONObject: Fixtures.incident(tenant, id: "INC-1", severity: "critical"))
        let outbox = work.url.appendingPathComponent("outbox")
        let arguments = ["incident", "publish", "-", "--db", work.db, "--portal", work.portal.path, "--outbox", outbox.path,
                         "--mail-from", "SOC 報告 <soc@provider.example>"]
        let result = try work.run(arguments, stdin: incident)
        #expect(result.status == 0, "\(result.stderr)")
        let pdf = work.portal.appendingPathComponent("acme/incidents/2026/03/INC-1-r1.pdf").resolvingSymlinksInPath()
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath() } == pdf)
        #expect(try Data(contentsOf: pdf).prefix(5) == Data("%PDF-".utf8))
        try work.expectConsistent("acme")
        #expect(try work.manifest("acme").documents.map(\.severity) == [.critical])

        let mails = try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { $0.hasSuffix(".eml") }
        #expect(mails == ["acme+INC-1-r1.eml"])
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
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { $0.hasSuffix(".eml") }.count == 1)

        // A different document for the same revision is refused; a new revision gets its own file.
        let changed = try JSONSerialization.data(withJSONObject: Fixtures.incident(tenant, id: "INC-1", title: "別の件名"))
        let refused = try work.run(arguments, stdin: changed)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("next revision"))
        let second = try JSONSerialization.data(withJSONObject: Fixtures.incident(tenant, id: "INC-1", revision: 2, title: "別の件名"))
        #expect(try work.run(arguments, stdin: second).status == 0)
        #expect(try work.manifest("acme").documents.map(\.path) == ["incidents/2026/03/INC-1-r1.pdf", "incidents/2026/03/INC-1-r2.pdf"])
        try work.expectConsistent("acme")
    }

    @Test func eightConcurrentPublishersLoseNoEntry() throws {
        let work = try Workspace()
        let tenant = Fixtures.tenant("busy")
        // A fresh store and portal: the processes also race to create the schema and the folders.
        let processes = try (1...8).map { i in
            try CLI.start(["incident", "publish", "-", "--db", work.db, "--portal", work.portal.path],
                          stdin: try JSONSerialization.data(withJSONObject: Fixtures.incident(tenant, id: "INC-\(i)")), in: work.url)
        }
        for running in processes {
            running.process.waitUntilExit()
            #expect(running.result().status == 0, "\(running.result().stderr)")
        }
        let manifest = try work.manifest("busy")
        #expect(manifest.documents.map(\.id).sorted() == (1...8).map { "INC-\($0)" }.sorted())
        try work.expectConsistent("busy")
        let bundle = try work.run(["monthly", "bundle", "--tenant", "busy", "--month", "2026-03", "--db", work.db])
        #expect(try DocumentReader.readMonthly(Data(bundle.stdout.utf8), source: "bundle").incidents.count == 8)
    }

    @Test func portalFoldersAre0750AndFiles0640() throws {
        let work = try Workspace()
        let incident = try JSONSerialization.data(withJSONObject: Fixtures.incident(Fixtures.tenant("acme"), id: "INC-1"))
        #expect(try work.run(["incident", "publish", "-", "--db", work.db, "--portal", work.portal.path], stdin: incident).status == 0)
        let folder = work.portal.appendingPathComponent("acme")
        func mode(_ path: String) throws -> Int {
            try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)[.posixPermissions] as! Int
        }
        for path in ["", "incidents", "incidents/2026", "incidents/2026/03"] { #expect(try mode(path) == 0o750, "\(path)") }
        for path in ["incidents/2026/03/INC-1-r1.pdf", "index.json", "index.html"] { #expect(try mode(path) == 0o640, "\(path)") }
    }
}
