import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SOCPortal
import SOCWeb
import Testing

@Suite struct DownloadTests {
    @Test func aDownloadCarriesItsDigestDateTitleAndPrivacy() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            let (path, bytes) = site.acmeFile
            let acme = try #require(try await site.store.tenant("acme"))
            let manifest = try #require(try site.portal.existingFolder(for: acme)?.manifest())
            let entry = try #require(manifest.entry(at: path))
            let response = try await browser.get("/t/acme/files/\(path)")
            #expect(response.status == .ok)
            #expect(Array(buffer: response.body) == bytes)
            #expect(response.headers[.eTag] == "\"\(entry.sha256)\"")
            #expect(response.headers[.contentType] == "application/pdf")
            #expect(response.headers[.cacheControl] == "private, no-cache")
            #expect(response.headers[.acceptRanges] == "bytes")
            #expect(response.headers[.lastModified]?.hasSuffix(" GMT") == true)
            let disposition = try #require(response.headers[HTTPField.Name("Content-Disposition")!])
            // "C2 <script>alert(1)</script> 通信.pdf", the slash dropped, as RFC 5987 UTF-8 percent-encoding.
            #expect(
                disposition
                    == "attachment; filename=\"INC-A1-r2.pdf\"; filename*=UTF-8''C2%20%3Cscript%3Ealert%281%29%3Cscript%3E%20%E9%80%9A%E4%BF%A1.pdf"
            )
            let inline = try await browser.get("/t/acme/files/\(path)?view=1")
            #expect(inline.headers[HTTPField.Name("Content-Disposition")!]?.hasPrefix("inline;") == true)
            let again = try await browser.get("/t/acme/files/\(path)", headers: [.ifNoneMatch: "\"\(entry.sha256)\""])
            #expect(again.status == .notModified && again.body.readableBytes == 0)
        }
    }

    @Test(arguments: [
        (".stix.json", "application/stix+json;version=2.1"), (".iocs.csv", "text/csv; charset=utf-8"),
        (".domains.txt", "text/plain; charset=utf-8"),
    ])
    func anIndicatorFileDownloadsWithItsOwnTypeDigestAndName(suffix: String, type: String) async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            let path = "incidents/2026/03/INC-A1-r2" + suffix
            let acme = try #require(try await site.store.tenant("acme"))
            let manifest = try #require(try site.portal.existingFolder(for: acme)?.manifest())
            let entry = try #require(manifest.entry(at: path))
            #expect(entry.kind == .ioc)
            let response = try await browser.get("/t/acme/files/\(path)")
            #expect(response.status == .ok)
            #expect(
                Array(buffer: response.body)
                    == Array(try #require(PortalSite.indicatorFiles.first { $0.1 == suffix }).2.utf8))
            #expect(response.headers[.contentType] == type)
            #expect(response.headers[.eTag] == "\"\(entry.sha256)\"")
            #expect(response.headers[.cacheControl] == "private, no-cache")
            let disposition = try #require(response.headers[HTTPField.Name("Content-Disposition")!])
            #expect(disposition.hasPrefix("attachment; filename=\"INC-A1-r2\(suffix)\";"))
            #expect(
                disposition.hasSuffix("%E9%80%9A%E4%BF%A1\(suffix)"), "the report's title with the file's own suffix")
            let again = try await browser.get("/t/acme/files/\(path)", headers: [.ifNoneMatch: "\"\(entry.sha256)\""])
            #expect(again.status == .notModified)
            // Another tenant's user gets nothing, and a file the manifest does not list is not served.
            var other = Browser(client)
            try await other.signIn("user@globex.example")
            #expect(try await other.get("/t/acme/files/\(path)").status == .notFound)
            #expect(try await browser.get("/t/acme/files/incidents/2026/03/INC-A1-r1\(suffix)").status == .notFound)
        }
    }

    /// Bounds below zero count from the end of the file (-1 is its last byte).
    @Test(arguments: [("bytes=0-9", 0, 9), ("bytes=10-", 10, -1), ("bytes=-5", -5, -1), ("bytes=5-100000", 5, -1)])
    func rangesAreServedAsPartialContent(header: String, lower: Int, upper: Int) async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            let (path, bytes) = site.acmeFile
            let size = bytes.count
            let expected = (lower < 0 ? size + lower : lower)...(upper < 0 ? size + upper : upper)
            let response = try await browser.get("/t/acme/files/\(path)", headers: [.range: header])
            #expect(response.status == .partialContent)
            #expect(response.headers[.contentRange] == "bytes \(expected.lowerBound)-\(expected.upperBound)/\(size)")
            #expect(Array(buffer: response.body) == Array(bytes[expected]))
        }
    }

    @Test func anUnsatisfiableRangeIsRefusedAndAStaleOneGetsTheWholeFile() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            let (path, bytes) = site.acmeFile
            let beyond = try await browser.get("/t/acme/files/\(path)", headers: [.range: "bytes=\(bytes.count)-"])
            #expect(beyond.status == .rangeNotSatisfiable && beyond.headers[.contentRange] == "bytes */\(bytes.count)")
            let stale = try await browser.get(
                "/t/acme/files/\(path)", headers: [.range: "bytes=0-9", .ifRange: "\"old\""])
            #expect(stale.status == .ok && Array(buffer: stale.body) == bytes)
        }
    }
}
