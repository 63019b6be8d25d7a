import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SOCModel
import SOCPortal
import SOCWeb
import Testing

/// The reports page is rendered once per manifest version and filter, and a page unchanged since the
/// browser's copy is answered 304: a new report shows at once, on a replica that did not publish it too.
@Suite struct PageCacheTests {
    @Test func anUnchangedPageIsAnswered304AndAChangedOneInFull() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            for path in ["/t/acme/reports", "/t/acme/reports?severity=critical", "/t/acme/reports/incident/INC-A1"] {
                let first = try await browser.get(path)
                #expect(first.status == .ok)
                #expect(first.headers[.cacheControl] == "private, no-cache", "kept only by this browser and revalidated: \(path)")
                let tag = try #require(first.headers[.eTag])
                let again = try await browser.get(path, headers: [.ifNoneMatch: #"W/"x", "# + tag])
                #expect(again.status == .notModified && again.body.readableBytes == 0 && again.headers[.eTag] == tag, "\(path)")
                let other = try await browser.get(path, headers: [.ifNoneMatch: #""0123""#])
                #expect(other.status == .ok && other.text == first.text, "another tag gets the page: \(path)")
            }
            // Another user's copy of the same page differs (their address and token are on it): never 304 for it.
            let mine = try #require(try await browser.get("/t/acme/reports").headers[.eTag])
            var staff = Browser(client)
            try await staff.signIn("staff@soc.example")
            let theirs = try await staff.get("/t/acme/reports", headers: [.ifNoneMatch: mine])
            #expect(theirs.status == .ok && theirs.headers[.eTag] != mine)
        }
    }

    @Test func aReportPublishedThroughAnotherReplicaShowsAtOnce() async throws {
        let site = try await PortalSite()
        // Two applications over one store and portal folder, each with its own caches, as two replicas.
        let (a, b) = (site.application(), site.application())
        try await a.test(.router) { clientA in
            try await b.test(.router) { clientB in
                var onA = Browser(clientA), onB = Browser(clientB)
                try await onA.signIn("user@acme.example")
                try await onB.signIn("user@acme.example")
                let before = try await onA.get("/t/acme/reports")
                #expect(!before.text.contains("INC-A9"))
                let tag = try #require(before.headers[.eTag])
                #expect(!(try await onB.get("/t/acme/reports")).text.contains("INC-A9"))

                let tenant = try #require(try await site.store.tenant("acme"))
                _ = try site.portal.folder(for: tenant).publish(
                    .incident(id: "INC-A9", revision: 1, title: "新しい不審な通信", severity: .serious, month: YearMonth("2026-03")!,
                              inputSha256: String(repeating: "9", count: 64), renderer: "test"),
                    bytes: Array("%PDF-1.7\n%INC-A9\n".utf8))

                let after = try await onA.get("/t/acme/reports", headers: [.ifNoneMatch: tag])
                #expect(after.status == .ok && after.text.contains("INC-A9") && after.text.contains("新しい不審な通信"))
                #expect(after.headers[.eTag] != tag)
                #expect(try await onB.get("/t/acme/reports").text.contains("INC-A9"))
                #expect(try await onA.get("/t/acme/reports?severity=serious").text.contains("INC-A9"), "every filter of the old version is dropped")
            }
        }
    }
}
