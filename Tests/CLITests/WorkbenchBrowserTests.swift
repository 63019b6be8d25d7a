import Foundation
import Testing

/// The analyst's workbench in a real browser: `user add` makes an analyst, a lead (`--role lead`) and a
/// customer of a Japanese tenant, `socreport serve` serves them, and Browser/workbench_browser.py drives
/// headless Chromium through writing a report with pasted defanged indicators (one bad) and CSV log
/// records, the problem beside its field, submitting, the lead's approval; then the second report, its
/// change list seen by the lead, and the customer's download of it, whose text holds the analyst's words.
/// Screenshots go to $SOCREPORT_SCREENSHOTS, else the temporary folder.
@Suite struct WorkbenchBrowserTests {
    /// A Japanese tenant with a Japanese-speaking browser, and an English one with an English-speaking browser.
    @Test(arguments: [
        ("ja", "sakura", "さくら信用金庫", "Asia/Tokyo"), ("en", "globex", "Globex Corporation", "America/New_York"),
    ])
    func anAnalystWritesALeadApprovesACustomerReads(
        _ language: String, _ tenant: String, _ name: String, _ zone: String
    ) async throws {
        let ws = try Workspace()
        let tenants = try ws.write(
            "tenants.json",
            [
                "kind": "tenants", "schemaVersion": 1,
                "tenants": [
                    [
                        "id": tenant, "name": name, "language": language, "timeZone": zone,
                        "contacts": [["name": "SOC desk", "email": "soc@\(tenant).example"]],
                    ]
                ],
            ])
        #expect(try ws.run(["ingest", "--db", ws.db, tenants]).status == 0)
        let password = "correct horse battery staple"
        for (email, kind) in [
            ("analyst@soc.example", ["--staff"]), ("lead@soc.example", ["--staff", "--role", "lead"]),
            ("customer@\(tenant).example", ["--tenant", tenant]),
        ] {
            let added = try ws.run(
                ["user", "add", "--db", ws.db, "--email", email] + kind, stdin: Data("\(password)\n".utf8))
            #expect(added.status == 0, "\(added.stderr)")
        }
        let server = try CLI.start(
            ["serve", "--db", ws.db, "--portal", "portal", "--listen", "127.0.0.1:0", "--workers", "1"], in: ws.url)
        defer { server.process.terminate(); server.process.waitUntilExit() }
        let base = "http://127.0.0.1:\(try await ServeTests.listeningPort(server))"

        let screenshots =
            (ProcessInfo.processInfo.environment["SOCREPORT_SCREENSHOTS"].map { URL(fileURLWithPath: $0) }
            ?? ws.url.appendingPathComponent("screenshots")).appendingPathComponent("workbench-\(language)")
        let output = try Browser.run(
            "workbench_browser.py",
            [
                "--base", base, "--out", screenshots.path, "--tenant", tenant, "--analyst", "analyst@soc.example",
                "--lead", "lead@soc.example", "--customer", "customer@\(tenant).example", "--password", password,
                "--lang", language,
            ], in: ws.url)
        #expect(output.contains("all steps passed"))
        for name in [
            "staff-home-empty", "draft-library", "draft-problems", "draft-problems-phone", "draft-preview",
            "draft-preview-phone", "staff-home-waiting", "staff-home-phone", "draft-review",
            "incident-audit", "draft-changes", "customer-reports", "draft-log-columns", "library", "library-phone",
        ] {
            let png = try Data(contentsOf: screenshots.appendingPathComponent("\(name).png"))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name).png is a PNG")
        }
        let pdfs = try FileManager.default.subpathsOfDirectory(atPath: ws.portal.appendingPathComponent(tenant).path)
            .filter { $0.hasSuffix(".pdf") }
        #expect(pdfs.count == 2, "the first and second reports: \(pdfs)")
    }
}
