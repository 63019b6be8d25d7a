import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SOCModel
import SOCPages
import SOCPortal
import SOCWeb
import Testing

@Suite struct PageTests {
    @Test func theReportsPageIsInTheTenantsLanguageAndZone() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            let page = try await browser.get("/t/acme/reports")
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains(#"<html lang="ja">"#))
            #expect(html.contains(#"<span class="badge sev-critical">緊急</span>"#))
            #expect(html.contains(#"<span class="badge sev-medium">警告</span>"#))
            #expect(
                html.components(separatedBy: #"href="/t/acme/reports/incident/INC-A1""#).count == 2, "an incident once")
            #expect(html.contains("第2報"), "at its latest revision")
            #expect(html.contains("C2 通信"), "the threat type in Japanese")
            #expect(html.contains("2026-03-12 10:42"), "determined 01:42 UTC, shown in Tokyo time")
            #expect(html.contains("TLP:AMBER"))
            #expect(html.contains("月次セキュリティレポート 2026年3月"))
            #expect(
                !html.contains("SHA-256") && !html.contains(site.acmeFile.bytes.count.description),
                "no hash or size in the list")
            // A title with markup shows as text.
            #expect(html.contains("C2 &lt;script&gt;alert(1)&lt;/script&gt; 通信") && !html.contains("<script>"))
            // Newest first: March's critical incident before February's medium one.
            let a1 = try #require(html.range(of: "INC-A1")), a2 = try #require(html.range(of: "INC-A2"))
            #expect(a1.lowerBound < a2.lowerBound)
        }
    }

    @Test(arguments: [
        ("severity=medium", ["INC-A2"], ["INC-A1", "2026-03\"", "月次"]),
        ("severity=critical", ["INC-A1"], ["INC-A2"]),
        ("kind=monthly", ["月次セキュリティレポート"], ["INC-A1", "INC-A2"]),
        ("month=2026-02", ["INC-A2"], ["INC-A1"]),
        ("q=inc-a2", ["INC-A2"], ["INC-A1"]),
        ("q=%E8%84%86%E5%BC%B1%E6%80%A7", ["INC-A2"], ["INC-A1"]),
    ])
    func filtersAndSearch(query: String, shown: [String], hidden: [String]) async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            let html = try await browser.get("/t/acme/reports?\(query)").text
            let table = String(html[(html.range(of: "<table") ?? html.range(of: "<main")!).lowerBound...])
            for text in shown { #expect(table.contains(text), "\(query) shows \(text)") }
            for text in hidden { #expect(!table.contains(text), "\(query) hides \(text)") }
        }
    }

    @Test func aBadFilterIsAClearError() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            let response = try await browser.get("/t/acme/reports?month=March&severity=huge")
            #expect(response.status == .badRequest)
            #expect(
                response.text.contains("/t/acme/reports: month: not YYYY-MM")
                    && response.text.contains("/t/acme/reports: severity: unknown"))
        }
    }

    @Test func aReportsPageListsEveryRevisionWithItsFile() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            let html = try await browser.get("/t/acme/reports/incident/INC-A1").text
            #expect(html.contains("第2報") && html.contains("第1報"))
            #expect(html.contains("追加の端末を確認"), "the revision note")
            let acme = try #require(try await site.store.tenant("acme"))
            let manifest = try #require(try site.portal.existingFolder(for: acme)?.manifest())
            for entry in manifest.documents where entry.id == "INC-A1" && entry.kind == .incident {
                #expect(html.contains(entry.sha256))
                #expect(html.contains(#"href="/t/acme/files/\#(entry.path)""#))
                #expect(html.contains(#"href="/t/acme/files/\#(entry.path)?view=1""#))
            }
            #expect(
                html.contains("\(site.acmeFile.bytes.count.formatted(.number.locale(Locale(identifier: "en_US")))) バイト")
            )
            let monthly = try await browser.get("/t/acme/reports/monthly/2026-03")
            #expect(!monthly.text.contains("指標（機械可読）"), "no indicator files were published beside it")
            #expect(monthly.status == .ok && monthly.text.contains("2026年3月"))
            #expect(try await browser.get("/t/acme/reports/incident/INC-NOPE").status == .notFound)
        }
    }

    @Test func englishTenantsGetEnglishAndTheirOwnZone() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@globex.example")
            let html = try await browser.get("/t/globex/reports").text
            #expect(html.contains(#"<html lang="en">"#))
            #expect(html.contains(#"<span class="badge sev-serious">Serious</span>"#))
            #expect(html.contains("1st report"))
            #expect(html.contains("2026-03-03 10:00"), "15:00 UTC in New York (EST)")
        }
    }

    @Test func staffPickATenantFirstAndSeeEveryTenant() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("staff@soc.example")
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains(#"href="/t/acme/reports""#) && home.text.contains(#"href="/t/globex/reports""#))
            #expect(try await browser.get("/t/acme/reports").status == .ok)
            #expect(try await browser.get("/t/globex/reports/incident/INC-G1").status == .ok)
            #expect(try await browser.get("/t/nope/reports").status == .notFound)
        }
    }

    @Test(arguments: [
        "/login", "/t/acme/reports", "/t/acme/reports/incident/INC-A1", "/t/globex/reports", "/nowhere",
        "/static/portal.css",
        "/t/acme/files/incidents/2026/03/INC-A1-r2.pdf",
    ])
    func everyResponseCarriesTheSecurityHeaders(path: String) async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            let response = try await browser.get(path)
            let policy = try #require(response.headers[.contentSecurityPolicy])
            #expect(
                !policy.contains("unsafe-inline") && policy.contains("frame-ancestors 'none'")
                    && policy.contains("default-src 'none'"))
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
        }
    }

    @Test func noPageHasInlineScriptOrStyle() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            let login = try await browser.get("/login").text
            try await browser.signIn("user@acme.example")
            for html in [
                login, try await browser.get("/t/acme/reports").text,
                try await browser.get("/t/acme/reports/incident/INC-A1").text,
            ] {
                #expect(!html.contains("<script") && !html.contains("style=") && !html.contains("<style"))
                #expect(html.contains(#"<link rel="stylesheet" href="/static/portal.css">"#))
            }
            let css = try await browser.get("/static/portal.css")
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(
                css.text.contains(".sev-critical{background:#B71C1C;color:#FFFFFF}"), "severity colours from theme.json"
            )
        }
    }

    @Test func pagingStaysWithinTheFilter() throws {
        let documents: [[String: Any]] = (0..<5000).map { i in
            [
                "kind": "incident", "id": "INC-\(i)", "revision": 1, "title": "Incident \(i)",
                "severity": i % 2 == 0 ? "critical" : "medium",
                "month": "\(2020 + i / 1000)-\(String(format: "%02d", 1 + i % 12))",
                "publishedAt": "2026-01-01T00:00:00Z", "size": 1,
                "sha256": "", "path": "incidents/\(i).pdf", "inputSha256": "", "renderer": "",
            ]
        }
        let json = try JSONSerialization.data(withJSONObject: [
            "schemaVersion": 1, "tenant": ["id": "big", "name": "Big"], "updatedAt": "2026-01-01T00:00:00Z",
            "documents": documents,
        ])
        let manifest = try JSONDecoder().decode(Manifest.self, from: json)
        let index = ReportIndex(manifest: manifest)
        let page = ReportListing(index: index, filter: ReportFilter(severity: .critical, page: 3))
        #expect(page.total == 2500 && page.pages == 50 && page.page == 3 && page.entries.count == 50)
        #expect(page.entries.allSatisfy { $0.severity == .critical })
        let beyond = ReportListing(index: index, filter: ReportFilter(page: 999))
        #expect(beyond.page == 100 && beyond.entries.count == 50)
        let months = index.months
        #expect(months == months.sorted(by: >) && months.count == Set(months).count)
    }

    @Test func aReportsRevisionsAreFoundNewestFirstAndOnlyItsOwn() throws {
        func entry(_ kind: String, _ id: String, _ revision: Int?, _ path: String) -> [String: Any] {
            var entry: [String: Any] = [
                "kind": kind, "id": id, "title": "\(id) \(revision ?? 0)", "month": "2026-03",
                "publishedAt": "2026-03-10T00:00:00Z", "size": 1, "sha256": "", "path": path, "inputSha256": "",
                "renderer": "",
            ]
            if let revision { entry["revision"] = revision }
            if kind == "ioc" { entry["report"] = "i/A-r2.pdf" }
            return entry
        }
        let documents = [
            entry("incident", "A", 2, "i/A-r2.pdf"), entry("incident", "B", 1, "i/B-r1.pdf"),
            entry("incident", "A", 3, "i/A-r3.pdf"), entry("ioc", "A", 2, "i/A-r2.stix.json"),
            entry("incident", "A", 1, "i/A-r1.pdf"), entry("monthly", "2026-03", nil, "m/2026-03.pdf"),
        ]
        let json = try JSONSerialization.data(withJSONObject: [
            "schemaVersion": 1, "tenant": ["id": "t", "name": "T"], "updatedAt": "2026-04-01T00:00:00Z",
            "documents": documents,
        ])
        let index = ReportIndex(manifest: try JSONDecoder().decode(Manifest.self, from: json))
        #expect(index.revisions(kind: .incident, id: "A").map(\.path) == ["i/A-r3.pdf", "i/A-r2.pdf", "i/A-r1.pdf"])
        #expect(index.revisions(kind: .incident, id: "B").map(\.path) == ["i/B-r1.pdf"])
        #expect(index.revisions(kind: .monthly, id: "2026-03").map(\.path) == ["m/2026-03.pdf"])
        #expect(index.revisions(kind: .monthly, id: "A").isEmpty, "an incident's id is not a monthly report's")
        #expect(index.revisions(kind: .ioc, id: "A").isEmpty, "an indicator file is not a report")
        #expect(index.revisions(kind: .incident, id: "C").isEmpty)
    }

    @Test func aRevisionListsItsIndicatorFilesAndTheReportsListDoesNot() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            let html = try await browser.get("/t/acme/reports/incident/INC-A1").text
            // Only the second revision has indicator files: one "指標" paragraph, in its card (listed first).
            #expect(html.components(separatedBy: "指標（機械可読）").count == 2)
            let second = try #require(html.range(of: "第2報")), first = try #require(html.range(of: "第1報"))
            for (label, suffix) in [("STIX 2.1", ".stix.json"), ("CSV", ".iocs.csv"), ("ドメイン一覧", ".domains.txt")] {
                let link = try #require(
                    html.range(
                        of:
                            #"<a href="/t/acme/files/incidents/2026/03/INC-A1-r2\#(suffix)" download="INC-A1-r2\#(suffix)">\#(label)</a>"#
                    ),
                    "\(suffix) linked from the page")
                #expect(
                    link.lowerBound > second.lowerBound && link.lowerBound < first.lowerBound,
                    "\(suffix) in the second revision's card")
            }
            #expect(!html.contains("INC-A1-r1.stix.json"))

            let reports = try await browser.get("/t/acme/reports").text
            #expect(
                !reports.contains(".stix.json") && !reports.contains(".iocs.csv"), "indicator files are not reports")
            #expect(
                reports.components(separatedBy: "/t/acme/reports/incident/INC-A1\"").count == 2, "INC-A1 listed once")
            #expect(try await browser.get("/t/acme/reports?kind=ioc").status == .badRequest)
            #expect(try await browser.get("/t/acme/reports/ioc/INC-A1").status == .notFound)
        }
    }

    @Test func theStaticIndexLinksEachReportsIndicatorFilesInItsRow() async throws {
        let site = try await PortalSite()
        let page = try String(contentsOf: site.portal.root.appendingPathComponent("acme/index.html"), encoding: .utf8)
        for (label, suffix) in [("STIX 2.1", ".stix.json"), ("CSV", ".iocs.csv"), ("ドメイン一覧", ".domains.txt")] {
            #expect(page.contains(#"<a href="incidents/2026/03/INC-A1-r2\#(suffix)">\#(label)</a>"#))
        }
        let row = try #require(
            page.components(separatedBy: "<tr>").first { $0.contains(#"href="incidents/2026/03/INC-A1-r2.pdf""#) })
        #expect(row.contains("INC-A1-r2.stix.json"), "the files are in their report's row")
        #expect(
            page.components(separatedBy: "<tr>").count == 1 + 1 + 4,
            "the header and one row per report (3 incident revisions, 1 monthly), none per file")
    }
}
