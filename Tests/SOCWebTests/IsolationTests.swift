import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SOCPortal
import SOCWeb
import Testing

/// A customer reaches only its own tenant: another tenant's pages and files, traversal in every
/// encoding, files the manifest does not list and symbolic links are all answered 404.
@Suite struct IsolationTests {
    static let acmeFile = "incidents/2026/03/INC-A1-r2.pdf"

    @Test(arguments: [
        // Another tenant's ids and paths.
        "/t/acme/reports", "/t/acme/reports/incident/INC-A1", "/t/acme/reports/monthly/2026-03",
        "/t/acme/files/\(acmeFile)",
        "/t/acme/files/\(acmeFile)?view=1", "/t/ACME/reports",
        // Traversal out of the globex folder, percent-encoded, half-encoded and double-encoded.
        "/t/globex/files/..%2facme%2f\(acmeFile)", "/t/globex/files/%2e%2e%2facme%2f\(acmeFile)",
        "/t/globex/files/%2e%2e/acme/\(acmeFile)", "/t/globex/files/..%2F..%2Fstore.sqlite",
        "/t/globex/files/%252e%252e%252facme%252f\(acmeFile)",
        "/t/globex/files/incidents/2026/03/..%2f..%2f..%2f..%2facme%2f\(acmeFile)",
        "/t/globex/files/%2facme%2f\(acmeFile)", "/t/globex/files//etc/passwd",
        // Files in the folder that the manifest does not list.
        "/t/globex/files/index.json", "/t/globex/files/index.html", "/t/globex/files/.publish.lock",
        "/t/globex/files/incidents",
        "/t/globex/files/incidents/2026/03/INC-G1-r9.pdf",
    ])
    func anotherTenantsPagesAndFilesDoNotExist(path: String) async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@globex.example")
            let response = try await browser.get(path)
            #expect(response.status == .notFound, "\(path)")
            #expect(
                !response.text.contains("%PDF") && !response.text.contains(PortalSite.hostileTitle.prefix(2) + " &lt;"))
        }
    }

    @Test func everyRouteNeedsASession() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client async throws in
            var browser = Browser(client)
            for path in [
                "/", "/password", "/t/acme/reports", "/t/acme/reports/incident/INC-A1",
                "/t/acme/files/\(Self.acmeFile)",
            ] {
                #expect(try await browser.get(path).status == .unauthorized, "\(path)")
            }
            #expect(try await browser.post("/logout", form: [:]).status == .unauthorized)
            #expect(try await browser.post("/password", form: [:]).status == .unauthorized)
            browser.cookies["socportal_session"] = String(repeating: "0", count: 64)
            #expect(try await browser.get("/t/acme/reports").status == .unauthorized, "a made-up session id")
        }
    }

    @Test func symbolicLinksInThePortalFolderAreNotFollowed() async throws {
        let site = try await PortalSite()
        let globex = site.portal.root.appendingPathComponent("globex")
        let acmeFile = site.portal.root.appendingPathComponent("acme/\(Self.acmeFile)")
        // A listed file replaced by a link to another tenant's file, and a listed folder replaced by a link.
        let listed = globex.appendingPathComponent("incidents/2026/03/INC-G1-r1.pdf")
        try FileManager.default.removeItem(at: listed)
        try FileManager.default.createSymbolicLink(at: listed, withDestinationURL: acmeFile)
        try FileManager.default.createSymbolicLink(
            at: globex.appendingPathComponent("acme"),
            withDestinationURL: site.portal.root.appendingPathComponent("acme"))
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@globex.example")
            #expect(try await browser.get("/t/globex/files/incidents/2026/03/INC-G1-r1.pdf").status == .notFound)
            #expect(try await browser.get("/t/globex/files/acme/\(Self.acmeFile)").status == .notFound)
        }
        let folder = site.portal.root.appendingPathComponent("acme/incidents/2026")
        try FileManager.default.moveItem(
            at: folder.appendingPathComponent("03"), to: folder.appendingPathComponent("03-real"))
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("03"), withDestinationURL: folder.appendingPathComponent("03-real"))
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            #expect(
                try await browser.get("/t/acme/files/\(Self.acmeFile)").status == .notFound,
                "a linked folder on the way")
        }
    }
}
