import Foundation
import Testing

/// The portal in a real browser: `socreport demo` publishes real reports, `user add` makes a customer
/// of two tenants, `socreport serve` serves them, and Browser/portal_browser.py drives headless
/// Chromium (Debian's chromium and chromium-driver, Selenium from PyPI) through sign-in, the reports,
/// a filter, a report's page, a download and the revision's STIX bundle checked against the manifest, sign-out, another tenant's
/// refusal and the sign-in throttle. Screenshots go to $SOCREPORT_SCREENSHOTS, else the temporary folder.
@Suite struct PortalBrowserTests {
    @Test func aCustomerUsesThePortalInChromium() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "socreport-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let demo = try CLI.run(["demo", "site"], in: folder)
        #expect(demo.status == 0, "\(demo.stderr)")
        let site = folder.appendingPathComponent("site")
        let password = "correct horse battery staple"
        for (email, tenant) in [
            ("customer@sakura.example", "sakura-shinkin"), ("customer@northwind.example", "northwind"),
        ] {
            let added = try CLI.run(
                ["user", "add", "--db", "site/socreport.sqlite", "--email", email, "--tenant", tenant],
                stdin: Data("\(password)\n".utf8), in: folder)
            #expect(added.status == 0, "\(added.stderr)")
        }

        let server = try CLI.start(
            [
                "serve", "--db", "site/socreport.sqlite", "--portal", "site/portal", "--listen", "127.0.0.1:0",
                "--workers", "1",
            ],
            in: folder)
        defer { server.process.terminate(); server.process.waitUntilExit() }
        let base = "http://127.0.0.1:\(try await ServeTests.listeningPort(server))"

        let screenshots =
            ProcessInfo.processInfo.environment["SOCREPORT_SCREENSHOTS"].map { URL(fileURLWithPath: $0) }
            ?? folder.appendingPathComponent("screenshots")
        let output = try Browser.run(
            "portal_browser.py",
            [
                "--base", base, "--portal", site.appendingPathComponent("portal").path, "--out", screenshots.path,
                "--tenant", "sakura-shinkin", "--user", "customer@sakura.example", "--other-user",
                "customer@northwind.example",
                "--password", password,
            ], in: folder)
        #expect(output.contains("all steps passed"))
        for name in [
            "login-laptop", "reports-laptop", "reports-filtered", "report-laptop", "report-phone", "reports-phone",
            "other-tenant-refused", "throttled",
        ] {
            let png = try Data(contentsOf: screenshots.appendingPathComponent("\(name).png"))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name).png is a PNG")
        }
    }
}

/// The Selenium scripts in Browser/, run with python3 in `folder`.
enum Browser {
    /// What the script printed; a test failure (with its output and errors) when it exits non-zero.
    static func run(_ script: String, _ arguments: [String], in folder: URL) throws -> String {
        let path = CLI.packageRoot.appendingPathComponent("Tests/CLITests/Browser/\(script)").path
        let log = folder.appendingPathComponent("\(script).out"),
            errors = folder.appendingPathComponent("\(script).err")
        let browser = Process()
        let handles = try CLI.prepare(
            browser, URL(fileURLWithPath: "/usr/bin/env"), ["python3", path] + arguments,
            in: folder, stdout: log, stderr: errors, stdin: nil)
        try browser.run()
        browser.waitUntilExit()
        for handle in handles { try? handle.close() }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(
            browser.terminationStatus == 0, "\(output)\n\((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
        return output
    }
}
