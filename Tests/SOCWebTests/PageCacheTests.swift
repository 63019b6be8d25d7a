import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SOCModel
import SOCPortal
import SOCWeb
import Testing

/// The reports page is rendered once per manifest version and filter, a report's page once per version and
/// acknowledgements, and a page unchanged since the browser's copy is answered 304: a new report or
/// acknowledgement shows at once, on a replica that did not record it too, and no reader sees another's token.
@Suite struct PageCacheTests {
    @Test func anUnchangedPageIsAnswered304AndAChangedOneInFull() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            for path in ["/t/acme/reports", "/t/acme/reports?severity=critical", "/t/acme/reports/incident/INC-A1"] {
                let first = try await browser.get(path)
                #expect(first.status == .ok)
                #expect(
                    first.headers[.cacheControl] == "private, no-cache",
                    "kept only by this browser and revalidated: \(path)")
                let tag = try #require(first.headers[.eTag])
                let again = try await browser.get(path, headers: [.ifNoneMatch: #"W/"x", "# + tag])
                #expect(
                    again.status == .notModified && again.body.readableBytes == 0 && again.headers[.eTag] == tag,
                    "\(path)")
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
                    .incident(
                        id: "INC-A9", revision: 1, title: "新しい不審な通信", severity: .serious, month: YearMonth("2026-03")!,
                        inputSha256: String(repeating: "9", count: 64), renderer: "test"),
                    bytes: Array("%PDF-1.7\n%INC-A9\n".utf8))

                let after = try await onA.get("/t/acme/reports", headers: [.ifNoneMatch: tag])
                #expect(after.status == .ok && after.text.contains("INC-A9") && after.text.contains("新しい不審な通信"))
                #expect(after.headers[.eTag] != tag)
                #expect(try await onB.get("/t/acme/reports").text.contains("INC-A9"))
                #expect(
                    try await onA.get("/t/acme/reports?severity=serious").text.contains("INC-A9"),
                    "every filter of the old version is dropped")
            }
        }
    }

    @Test func aKeptReportPageCarriesEachReadersOwnTokenAndEveryNewAcknowledgement() async throws {
        let site = try await PortalSite()
        try await Accounts(store: site.store, cost: 4).add(
            email: "second@acme.example", name: "Second", tenantID: "acme", password: PortalSite.password)
        let path = "/t/acme/reports/incident/INC-A1"
        let (a, b) = (site.application(), site.application())
        try await a.test(.router) { clientA in
            try await b.test(.router) { clientB in
                var first = Browser(clientA), second = Browser(clientA), elsewhere = Browser(clientB),
                    staff = Browser(clientA)
                try await first.signIn("user@acme.example")
                try await second.signIn("second@acme.example")
                try await elsewhere.signIn("user@acme.example")
                try await staff.signIn("staff@soc.example")
                // The same kept body for both customers on replica A, each with only its own session's token.
                let pageOfFirst = try await first.get(path).text, pageOfSecond = try await second.get(path).text
                let tokenOfFirst = Self.tokens(in: pageOfFirst), tokenOfSecond = Self.tokens(in: pageOfSecond)
                #expect(
                    tokenOfFirst.count == 1 && tokenOfSecond.count == 1 && tokenOfFirst != tokenOfSecond,
                    "\(tokenOfFirst) \(tokenOfSecond)")
                #expect(
                    pageOfFirst.components(separatedBy: "name=\"revision\"").count - 1 == 2, "a button per revision")
                #expect(!(try await staff.get(path)).text.contains("/ack\""), "staff get no acknowledgement button")
                #expect(!(try await elsewhere.get(path)).text.contains("second@acme.example"))

                // Recorded by a mail's link, or through another replica: every kept page shows it at once.
                try await site.store.acknowledge(
                    tenantID: "acme", incidentID: "INC-A1", revision: 2, who: "second@acme.example")
                for page in [
                    try await first.get(path).text, try await elsewhere.get(path).text, try await staff.get(path).text,
                ] {
                    #expect(
                        page.contains("second@acme.example"), "the acknowledgement shows on every replica's kept page")
                }
                #expect(Self.tokens(in: try await first.get(path).text) == tokenOfFirst)
            }
        }
    }

    /// The distinct CSRF tokens of a page's forms.
    private static func tokens(in page: String) -> Set<String> {
        Set(
            page.ranges(of: #/name="csrf" value="([0-9a-f]+)"/#).map {
                String(page[$0].dropFirst(#"name="csrf" value=""#.count).dropLast())
            })
    }
}
