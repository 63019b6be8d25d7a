import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresTestSupport
import RelayTestSupport
import SOCModel
import SOCServer
import SOCStore
import SOCWeb
import Testing

/// The analyst's workbench through the server's routes, on SQLite and PostgreSQL: drafts from the API and
/// the form, who may see and do what, stale saves, validation beside the fields, review and publishing.
@Suite struct WorkbenchTests {
    static let password = "correct horse battery"

    /// A tenant, a customer, two analysts and two leads.
    static func server(
        _ backend: TestStore, label: String = #function, maxBodyBytes: Int? = nil, flags: [String: String] = [:]
    ) async throws -> TestServer {
        let server = try await TestServer(maxBodyBytes: maxBodyBytes, flags: flags, backend: backend, label: label)
        let documents = try DocumentReader.readMany(
            try JSONSerialization.data(withJSONObject: Documents.tenants(["acme"])), source: "test")
        _ = try await server.store.ingest(documents.map { ($0.position, $0.document) })
        let accounts = Accounts(store: server.store, cost: 4)
        try await accounts.add(email: "user@acme.example", name: "Customer", tenantID: "acme", password: password)
        for (email, role) in [
            ("ana@soc.example", StaffRole.analyst), ("bob@soc.example", .analyst), ("lea@soc.example", .lead),
            ("leo@soc.example", .lead),
        ] {
            try await accounts.add(
                email: email, name: String(email.prefix(3)), tenantID: nil, role: role, password: password)
        }
        return server
    }

    @Test(arguments: TestStore.allCases) func staffPagesAreForStaffOnly(_ backend: TestStore) async throws {
        let server = try await Self.server(backend)
        try await server.test { client in
            let made = try await client.call(
                .post, "/api/v1/drafts", token: server.all, json: ["tenant": ["id": "acme"], "title": "From the SIEM"])
            let draft = try #require(made.json["url"] as? String)
            let pages = ["/staff", "/staff/drafts/new?tenant=acme", draft, "/staff/incidents/acme/INC-1"]

            var signedOut = StaffBrowser(client)
            for page in pages {
                let response = try await signedOut.get(page)
                #expect(
                    response.status == .unauthorized && response.text.contains("name=\"password\""),
                    "\(page): the sign-in form")
            }
            var customer = StaffBrowser(client)
            #expect(try await customer.signIn("user@acme.example").headers[.location] == "/")
            for page in pages { #expect(try await customer.get(page).status == .notFound, "\(page)") }
            #expect(
                try await customer.post(draft, form: ["csrf": customer.csrf, "action": "save", "version": "1"]).status
                    == .notFound)
            #expect(try await customer.get("/").text.contains("/staff") == false, "no link to the workbench")

            var analyst = StaffBrowser(client)
            #expect(
                try await analyst.signIn("ana@soc.example").headers[.location] == "/staff",
                "staff land on the workbench")
            let home = try await analyst.get("/staff")
            #expect(home.status == .ok && home.text.contains("From the SIEM") && home.text.contains("href=\"/\""))
            let policy = try #require(home.headers[.contentSecurityPolicy])
            #expect(!policy.contains("unsafe-inline") && policy.contains("script-src 'self'"))
            // The clock's script is a static file of the app; no page holds a script of its own.
            #expect(
                home.text.contains(#"<script src="/static/clock.js" defer></script>"#)
                    && !home.text.contains("<script>"))
            let script = try await analyst.get("/static/clock.js")
            #expect(
                script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8"
                    && script.text.contains("setInterval(tick"))
            #expect(try await analyst.get("/").status == .ok, "the tenant list stays reachable")
            // Every post needs the session's CSRF token.
            #expect(
                try await analyst.post(draft, form: ["action": "save", "version": "1", "title": "x"]).status
                    == .forbidden)
            let wrongToken = (analyst.csrf.first == "0" ? "1" : "0") + analyst.csrf.dropFirst()
            #expect(
                try await analyst.post(draft, form: ["csrf": wrongToken, "action": "save", "version": "1"]).status
                    == .forbidden)
            #expect(
                try await analyst.post("/staff/drafts", form: ["tenant": "acme", "title": "x"]).status == .forbidden)
            #expect(try await server.store.draft(id: 1)?.version == 1, "nothing saved")

            // A lead whose browser asks for English reads the form and its problems in English.
            var leo = StaffBrowser(client, language: "en")
            try await leo.signIn("leo@soc.example")
            let english = try await leo.post(
                "/staff/drafts",
                form: Self.form(leo, leaving: ["analysis.summary"], ["action": "submit", "tlp": "orange"]))
            #expect(english.status == .unprocessableContent && english.text.contains(#"<html lang="en">"#))
            #expect(english.text.contains("Analysis summary") && english.text.contains("Required."))
            #expect(english.text.contains("&quot;orange&quot; is not one of clear, green, amber, amber+strict, red"))
        }
    }

    @Test(arguments: TestStore.allCases) func draftsAreMadeThroughTheAPI(_ backend: TestStore) async throws {
        let server = try await Self.server(backend)
        try await server.test { client in
            let partial: [String: Any] = [
                "tenant": ["id": "acme"], "title": "C2 通信の検知 <script>", "severity": "serious",
                "recommendations": ["blockDomains": ["c2.example"]],
                "attack": ["logs": [["time": "2026-03-10T10:00:00+09:00", "source": "proxy", "dstIp": "203.0.113.5"]]],
            ]
            let made = try await client.call(.post, "/api/v1/drafts", token: server.all, json: partial)
            #expect(made.status == .created, "\(made.text)")
            let id = try #require(made.json["id"] as? Int)
            #expect(
                made.json["url"] as? String == "/staff/drafts/\(id)" && made.headers[.location] == "/staff/drafts/\(id)"
            )
            let draft = try #require(try await server.store.draft(id: Int64(id)))
            #expect(draft.state == .draft && draft.authorID == nil && draft.severity == "serious")
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(draft.document.utf8)) as? [String: Any])
            #expect(
                (document["tenant"] as? [String: Any])?["name"] as? String == "Acme 株式会社",
                "the tenant as the store has it")
            #expect(try await server.store.draftEvents([draft.id]).map(\.actor) == ["api:all"])

            let unknown = try await client.call(
                .post, "/api/v1/drafts", token: server.all, json: ["tenant": ["id": "nowhere"], "title": "x"])
            #expect(
                unknown.status == .unprocessableContent
                    && unknown.problems == ["$.tenant.id: unknown tenant \"nowhere\""])
            let notJSON = try await client.call(.post, "/api/v1/drafts", token: server.all, body: "{\"tenant\": ")
            #expect(
                notJSON.status == .badRequest && notJSON.problems.first?.hasPrefix("$: not valid JSON") == true,
                "\(notJSON.text)")
            let wrong = try await client.call(
                .post, "/api/v1/drafts", token: server.all,
                json: ["tenant": ["id": "acme"], "severity": "huge", "analysis": ["victims": [["hostname": "PC-1"]]]])
            #expect(wrong.status == .badRequest)
            #expect(wrong.problems.contains { $0.hasPrefix("$.severity: \"huge\" is not one of") })
            #expect(wrong.problems.contains("$.analysis.victims[0].hostname: unknown property \"hostname\""))
            #expect(!wrong.problems.contains { $0.contains("is missing") }, "what is missing is for the analyst")
            #expect(
                try await client.call(.post, "/api/v1/drafts", token: server.ingestOnly, json: partial).status
                    == .forbidden)
            #expect(
                try await server.store.workbenchDrafts(publishedSince: "2000-01-01T00:00:00Z").count == 1,
                "nothing else stored")

            var analyst = StaffBrowser(client)
            try await analyst.signIn("ana@soc.example")
            let page = try await analyst.get("/staff/drafts/\(id)")
            #expect(
                page.status == .ok && page.text.contains("C2 通信の検知 &lt;script&gt;") && !page.text.contains("<script>"))
            #expect(page.text.contains(#"name="recommendations.blockDomains""#) && page.text.contains("c2.example"))
            #expect(
                page.text.contains(#""dstIp":"203.0.113.5""#)
                    || page.text.contains("&quot;dstIp&quot;:&quot;203.0.113.5&quot;"))
        }
    }

    /// The form's controls for a complete incident but for `leaving` out.
    static func form(_ browser: StaffBrowser, leaving: Set<String> = [], _ extra: [String: String] = [:]) -> [String:
        String]
    {
        var form = [
            "csrf": browser.csrf, "tenant": "acme", "id": "ACME-202603-001", "revision": "1",
            "title": "フィッシングサイトへのアクセス",
            "severity": "medium", "threatType": "phishing", "tlp": "amber",
            "detectedAt": "2026-03-10T10:00", "determinedAt": "2026-03-10T10:05",
            "analysis.occurredAt": "2026-03-10T09:58",
            "analysis.summary": "分析者の言葉で書いた概要。", "analysis.victims[0].host": "PC-1",
            "analysis.victims[0].ip": "10.0.0.5",
            "recommendations.actions": "PC-1 を隔離してください。",
            // Line ends as browsers send them.
            "recommendations.blockDomains": "evil[.]example\r\nEVIL[.]example\r\nxn--eckwd4c7c.xn--zckzah",
            "recommendations.blockUrls": "hxxps://evil[.]example/login",
            "recommendations.blockIps": "10.0.0[.]1\n2001:db8::1",
            "attack.overview": "概要。", "attack.stage": "delivery", "attack.description": "説明。",
            "attack.logs": "time,source,dstIp,dstPort\n2026-03-10T10:01,proxy,203.0.113.5,443\n",
        ]
        for name in leaving { form[name] = nil }
        form.merge(extra) { $1 }
        return form
    }

    @Test(arguments: TestStore.allCases) func writingValidatingSubmittingAndApproving(_ backend: TestStore) async throws
    {
        let server = try await Self.server(backend)
        try await server.test { client in
            var ana = StaffBrowser(client), bob = StaffBrowser(client), lea = StaffBrowser(client)
            try await ana.signIn("ana@soc.example"); try await bob.signIn("bob@soc.example");
            try await lea.signIn("lea@soc.example")

            let newForm = try await ana.get("/staff/drafts/new?tenant=acme")
            #expect(newForm.status == .ok && newForm.text.contains(#"name="analysis.victims[0].host""#))
            #expect(
                newForm.text.contains("<option value=\"フィッシングサイトのドメインと URL をブロックしてください。\">"),
                "the recommendation library, in Japanese")
            #expect(newForm.text.contains(#"value="ACME-"#), "an id proposed from the tenant and the month")
            // Saved incomplete (no summary), with a bad address on line 3 of the pasted list.
            let created = try await ana.post(
                "/staff/drafts",
                form: Self.form(
                    ana, leaving: ["analysis.summary"],
                    ["recommendations.blockIps": "10.0.0[.]1\n2001:db8::1\nnot-an-address", "action": "save"]))
            #expect(created.status == .seeOther)
            let path = try #require(created.headers[.location])
            let id = try #require(Int64(path.split(separator: "/").last!))
            var draft = try #require(try await server.store.draft(id: id))
            #expect(draft.version == 1 && draft.authorEmail == "ana@soc.example")
            #expect(
                draft.document.contains("\"10.0.0.1\"") && draft.document.contains("\"https://evil.example/login\""),
                "refanged")
            #expect(
                draft.document.components(separatedBy: "evil.example\"").count == 2, "listed once whatever the case")
            #expect(draft.document.contains("\"2026-03-10T10:05:00+09:00\""), "the tenant's time")

            // Submitting shows each problem beside its field, in Japanese for a Japanese analyst, and keeps the draft unsubmitted.
            let refused = try await ana.post(
                path,
                form: Self.form(
                    ana, leaving: ["analysis.summary"],
                    [
                        "recommendations.blockIps": "10.0.0[.]1\n2001:db8::1\nnot-an-address", "action": "submit",
                        "version": "1",
                    ]))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#"id="f-analysis-summary-problems""#) && refused.text.contains("入力が必要です。"))
            draft = try #require(try await server.store.draft(id: id))
            #expect(draft.state == .draft && draft.version == 2, "saved, not submitted")

            // One click inserts a library text into the recommended actions, where it can be edited.
            let inserted = try await ana.post(
                path,
                form: Self.form(
                    ana, leaving: ["analysis.summary"],
                    [
                        "action": "insert-recommendation", "version": "2",
                        "recommendation": "IP アドレスをブロックしてください。",
                    ]))
            #expect(inserted.status == .seeOther && inserted.headers[.location] == path + "#f-recommendations-actions")
            let withInserted = try #require(try await server.store.draft(id: id))
            let actions = try #require(
                (try JSONSerialization.jsonObject(with: Data(withInserted.document.utf8)) as? [String: Any])?[
                    "recommendations"] as? [String: Any])
            #expect(actions["actions"] as? [String] == ["PC-1 を隔離してください。", "IP アドレスをブロックしてください。"])
            #expect(
                try await ana.post(
                    path, form: Self.form(ana, leaving: ["analysis.summary"], ["action": "save", "version": "3"])
                ).status == .seeOther)

            // Bob started from version 4 as well; Ana saves first, Bob's save is refused and both texts stay.
            #expect(
                try await ana.post(
                    path, form: Self.form(ana, ["action": "save", "version": "4", "title": "Ana's title"])
                ).status == .seeOther)
            let stale = try await bob.post(
                path, form: Self.form(bob, ["action": "save", "version": "4", "title": "Bob's title"]))
            #expect(stale.status == .conflict)
            #expect(
                stale.text.contains("Bob&#39;s title") || stale.text.contains("Bob's title")
                    || stale.text.contains("Bob&#x27;s title"))
            #expect(stale.text.contains("Ana") && stale.text.contains(#"name="version" value="5""#))
            #expect(try await server.store.draft(id: id)?.title == "Ana's title")

            let semantic = try await ana.post(
                path,
                form: Self.form(
                    ana,
                    [
                        "action": "submit", "version": "5",
                        "recommendations.blockIps": "10.0.0[.]1\n\nnot-an-address",
                    ]))
            #expect(semantic.status == .unprocessableContent)
            #expect(
                semantic.text.contains("3 行目: &quot;not-an-address&quot; は IP アドレス（IPv4・IPv6）または CIDR ではありません。"),
                "the line as pasted, blank lines counted, in the analyst's language")
            let submitted = try await ana.post(path, form: Self.form(ana, ["action": "submit", "version": "6"]))
            #expect(submitted.status == .seeOther && submitted.headers[.location] == "/staff")
            #expect(try await server.store.draft(id: id)?.state == .submitted)
            #expect(try await lea.get("/staff").text.contains("フィッシングサイトへのアクセス"))

            // Only a lead who is not the author approves; an analyst cannot.
            // Saving before submitting made version 7, submitting 8.
            #expect(
                try await bob.post(path, form: ["csrf": bob.csrf, "action": "approve", "version": "8"]).status
                    == .forbidden)
            #expect(
                try await ana.post(path, form: ["csrf": ana.csrf, "action": "approve", "version": "8"]).status
                    == .forbidden)
            #expect(
                try await ana.post(path, form: ["csrf": ana.csrf, "action": "save", "version": "8"]).status
                    == .conflict, "a submitted draft is not edited")
            #expect(
                try await lea.post(path, form: ["csrf": lea.csrf, "action": "return", "version": "8"]).status
                    == .badRequest, "a return needs a comment")
            #expect(
                try await lea.post(
                    path, form: ["csrf": lea.csrf, "action": "return", "version": "8", "comment": "IP を確認して"]
                ).status == .seeOther)
            #expect(try await ana.get(path).text.contains("IP を確認して"), "the author sees the comment")
            #expect(
                try await ana.post(path, form: Self.form(ana, ["action": "submit", "version": "9"])).status == .seeOther
            )
            #expect(
                try await lea.post(path, form: ["csrf": lea.csrf, "action": "approve", "version": "10"]).status
                    == .conflict, "a stale approval")
            let approved = try await lea.post(path, form: ["csrf": lea.csrf, "action": "approve", "version": "11"])
            #expect(
                approved.status == .seeOther && approved.headers[.location] == "/staff/incidents/acme/ACME-202603-001",
                "\(approved.text)")
            var customer = StaffBrowser(client)
            try await customer.signIn("user@acme.example")
            let report = try await customer.get("/t/acme/reports/incident/ACME-202603-001")
            #expect(
                report.status == .ok && report.text.contains("ACME-202603-001-r1.pdf"),
                "published to the customer's portal")

            let audit = try await lea.get("/staff/incidents/acme/ACME-202603-001")
            #expect(audit.status == .ok)
            for word in ["作成", "保存", "承認依頼", "差し戻し", "承認・公開", "lea@soc.example", "IP を確認して"] {
                #expect(audit.text.contains(word), "\(word)")
            }
            #expect(
                audit.text.contains("執筆 ") && audit.text.contains("承認 ") && audit.text.contains("判定から公開まで "),
                "how long writing and review took")
            #expect(
                try await server.store.draftEvents([id]).map(\.action) == [
                    .create, .save, .save, .save, .save, .save, .save, .submit, .return, .save, .submit, .approve,
                ])

            // The next report: prefilled from the latest revision, and not submitted without its revision note.
            let next = try await ana.post("/staff/incidents/acme/ACME-202603-001/next", form: ["csrf": ana.csrf])
            let nextPath = try #require(next.headers[.location])
            let nextID = try #require(Int64(nextPath.split(separator: "/").last!))
            let nextDraft = try #require(try await server.store.draft(id: nextID))
            #expect(nextDraft.revision == 2 && nextDraft.title == "フィッシングサイトへのアクセス")
            let noNote = try await ana.post(
                nextPath, form: Self.form(ana, ["action": "submit", "version": "1", "revision": "2"]))
            #expect(noNote.status == .unprocessableContent && noNote.text.contains(#"id="f-revisionNote-problems""#))
            // What the follow-up changes against the published revision, field by field, for the lead to see before approving.
            let changed = try await ana.post(
                nextPath,
                form: Self.form(
                    ana,
                    [
                        "action": "save", "version": "2", "revision": "2", "title": "件名を改めた第2報",
                        "revisionNote": "件名を修正",
                    ]))
            #expect(changed.status == .seeOther)
            let review = try await lea.get(nextPath)
            #expect(review.text.contains("公開済みの前報からの変更"))
            #expect(review.text.components(separatedBy: #"class="before""#).count == 2, "the title alone changed")
            #expect(
                review.text.contains(#"class="before">フィッシングサイトへのアクセス<"#)
                    && review.text.contains(#"class="after">件名を改めた第2報<"#))
        }
    }

    @Test(arguments: TestStore.allCases) func seriousIncidentsMayBePublishedNowAndReviewedAfter(_ backend: TestStore)
        async throws
    {
        let server = try await Self.server(backend)
        try await server.test { client in
            var ana = StaffBrowser(client), lea = StaffBrowser(client)
            try await ana.signIn("ana@soc.example"); try await lea.signIn("lea@soc.example")
            let medium = try await ana.post("/staff/drafts", form: Self.form(ana, ["action": "save", "id": "ACME-M"]))
            let mediumPath = try #require(medium.headers[.location])
            #expect(
                try await ana.post(
                    mediumPath, form: Self.form(ana, ["action": "publish-now", "version": "1", "id": "ACME-M"])
                ).status == .forbidden)

            let created = try await ana.post(
                "/staff/drafts", form: Self.form(ana, ["action": "save", "severity": "serious"]))
            let path = try #require(created.headers[.location])
            let page = try await ana.get(path)
            #expect(page.text.contains(#"value="publish-now""#))
            #expect(!(try await lea.get(path).text.contains(#"value="publish-now""#)), "only the author publishes now")

            // The preview: rendered on the server's engines, its pages as images in the page and the PDF itself.
            let previewed = try await ana.post(
                path, form: Self.form(ana, ["action": "preview", "version": "1", "severity": "serious"]))
            #expect(
                previewed.status == .seeOther && previewed.headers[.location] == path + "#preview", "\(previewed.text)")
            let shown = try await ana.get(path)
            #expect(shown.text.contains(#"<img src="\#(path)/preview/1""#))
            let image = try await ana.get(path + "/preview/1")
            #expect(
                image.status == .ok && image.headers[.contentType] == "image/png"
                    && Array(image.body.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
            let pdf = try await ana.get(path + "/preview.pdf")
            #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf" && pdf.text.hasPrefix("%PDF-"))
            #expect(try await lea.get(path + "/preview.pdf").status == .ok, "any staff member sees it")
            var customer = StaffBrowser(client)
            try await customer.signIn("user@acme.example")
            #expect(try await customer.get(path + "/preview.pdf").status == .notFound)
            #expect(try await customer.get(path + "/preview/1").status == .notFound)

            let published = try await ana.post(
                path, form: Self.form(ana, ["action": "publish-now", "version": "2", "severity": "serious"]))
            #expect(published.status == .seeOther, "\(published.text)")
            let id = try #require(Int64(path.split(separator: "/").last!))
            #expect(try await server.store.draft(id: id)?.reviewPending == true)
            #expect(
                try await ana.get(path + "/preview.pdf").status == .notFound,
                "a preview of an earlier version is not served")
            let home = try await lea.get("/staff")
            #expect(home.text.contains("承認前に公開（リード確認待ち）"), "flagged on the staff home")
            #expect(
                try await ana.post(path, form: ["csrf": ana.csrf, "action": "review", "version": "4"]).status
                    == .forbidden)
            #expect(
                try await lea.post(path, form: ["csrf": lea.csrf, "action": "review", "version": "4"]).status
                    == .seeOther)
            #expect(try await server.store.draft(id: id)?.reviewPending == false)
            #expect(
                try await server.store.draftEvents([id]).map(\.action) == [.create, .save, .save, .publishNow, .review])
        }
    }

    /// Approval publishes the way the API does, notification mail included: the relay on loopback receives it.
    @Test(arguments: TestStore.allCases) func anApprovedReportIsMailedToTheTenantsContacts(_ backend: TestStore)
        async throws
    {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "socreport-workbench-relay-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let relay = try Relay(out: root)
        defer { relay.stop() }
        let server = try await Self.server(
            backend,
            flags: [
                "smtp": "smtp://localhost:\(relay.port)?tls=none", "mail-from": "SOC <soc@provider.example>",
                "public-url": "https://portal.provider.example",
            ])
        let deliverer = try #require(try server.server.mailDelivery())
        try await server.test { client in
            var ana = StaffBrowser(client), lea = StaffBrowser(client)
            try await ana.signIn("ana@soc.example"); try await lea.signIn("lea@soc.example")
            let created = try await ana.post("/staff/drafts", form: Self.form(ana, ["action": "submit"]))
            #expect(created.status == .seeOther && created.headers[.location] == "/staff", "\(created.text)")
            let id = try #require(
                try await server.store.workbenchDrafts(publishedSince: "2000-01-01T00:00:00Z").first?.id)
            #expect(
                try await lea.post(
                    "/staff/drafts/\(id)", form: ["csrf": lea.csrf, "action": "approve", "version": "2"]
                ).status == .seeOther)
            await deliverer.round()
            let received = try relay.received()
            #expect(received.map(\.rcptTos) == [["soc@acme.example"]])
            #expect(
                received.first?.body?.contains(
                    "https://portal.provider.example/t/acme/reports/incident/ACME-202603-001") == true)
            #expect(
                try await lea.get("/staff/incidents/acme/ACME-202603-001").text.contains("公開から通知まで"),
                "the delivery time shown")
        }
    }

    /// The form as browsers send it (multipart, for the log records' file field): a file's records replace
    /// the textarea's, an empty file field leaves the textarea's in place.
    @Test(arguments: TestStore.allCases) func logRecordsComeFromAFileOrTheTextarea(_ backend: TestStore) async throws {
        let server = try await Self.server(backend)
        try await server.test { client in
            var ana = StaffBrowser(client)
            try await ana.signIn("ana@soc.example")
            let csv =
                "time\tsource\tdstIp\r\n2026-03-10T10:01\tproxy\t198.51.100.1\r\n2026-03-10T10:02\tips\t198.51.100.2\r\n"
            let fromFile = try await ana.postMultipart(
                "/staff/drafts",
                form: Self.form(ana, leaving: ["attack.logs"], ["action": "save", "attack.logs": "ignored"]),
                file: ("attack.logs", "export.tsv", csv))
            #expect(fromFile.status == .seeOther, "\(fromFile.text)")
            let fromText = try await ana.postMultipart(
                "/staff/drafts", form: Self.form(ana, ["action": "save"]), file: ("attack.logs", "", ""))
            #expect(fromText.status == .seeOther)
            let drafts = try await server.store.workbenchDrafts(publishedSince: "2000-01-01T00:00:00Z").sorted {
                $0.id < $1.id
            }
            func logs(_ draft: Draft) throws -> [[String: Any]] {
                let document = try JSONSerialization.jsonObject(with: Data(draft.document.utf8)) as? [String: Any]
                return (document?["attack"] as? [String: Any])?["logs"] as? [[String: Any]] ?? []
            }
            #expect(try logs(drafts[0]).map { $0["dstIp"] as? String } == ["198.51.100.1", "198.51.100.2"])
            #expect(try logs(drafts[0]).first?["time"] as? String == "2026-03-10T10:01:00+09:00")
            #expect(
                try logs(drafts[1]).map { $0["dstPort"] as? Int } == [443], "the textarea's, the file field being empty"
            )
            #expect(
                try await ana.postMultipart(
                    "/staff/drafts", form: ["tenant": "acme", "title": "x"], file: ("attack.logs", "a.csv", "time\n")
                ).status == .forbidden,
                "CSRF in a multipart form too")
        }
    }

    /// A SIEM export's own column names: the analyst confirms once which field each fills, the tenant's
    /// next export is read the same way.
    @Test(arguments: TestStore.allCases) func logColumnsAreConfirmedOncePerTenant(_ backend: TestStore) async throws {
        let server = try await Self.server(backend)
        try await server.test { client in
            var ana = StaffBrowser(client)
            try await ana.signIn("ana@soc.example")
            let export = "Timestamp,Src_IP,Dst,Note\n2026-03-10T10:01,10.0.0.5,198.51.100.9,seen\n"
            let asked = try await ana.post(
                "/staff/drafts", form: Self.form(ana, ["action": "save", "attack.logs": export]))
            #expect(asked.status == .unprocessableContent && asked.text.contains("ログの列の一部が契約の項目名ではありません"))
            #expect(
                asked.text.contains(
                    #"<select id="f-logs-column-Timestamp" name="logs.column.Timestamp"><option value="" selected>"#))
            #expect(asked.text.contains(#"<option value="srcIp" selected>srcIp</option>"#), "Src_IP guessed as srcIp")
            let id = try #require(
                try await server.store.workbenchDrafts(publishedSince: "2000-01-01T00:00:00Z").first?.id)
            let confirmed = try await ana.post(
                "/staff/drafts/\(id)",
                form: Self.form(
                    ana,
                    [
                        "action": "save", "version": "1", "attack.logs": export,
                        "logs.column.Timestamp": "time", "logs.column.Src_IP": "srcIp", "logs.column.Dst": "dstIp",
                        "logs.column.Note": "",
                    ]))
            #expect(confirmed.status == .seeOther, "\(confirmed.text.prefix(300))")
            #expect(
                try await server.store.logColumns(tenantID: "acme") == [
                    "Timestamp": "time", "Src_IP": "srcIp", "Dst": "dstIp", "Note": "",
                ])
            func logs(_ id: Int64) async throws -> [[String: Any]] {
                let draft = try #require(try await server.store.draft(id: id))
                let document = try JSONSerialization.jsonObject(with: Data(draft.document.utf8)) as? [String: Any]
                return (document?["attack"] as? [String: Any])?["logs"] as? [[String: Any]] ?? []
            }
            let record = try #require(try await logs(id).first)
            #expect(
                record["time"] as? String == "2026-03-10T10:01:00+09:00" && record["srcIp"] as? String == "10.0.0.5"
                    && record["dstIp"] as? String == "198.51.100.9" && record.count == 3, "\(record)")
            // The tenant's next export is read without asking.
            let next = try await ana.post(
                "/staff/drafts", form: Self.form(ana, ["action": "save", "attack.logs": export]))
            #expect(next.status == .seeOther)
            let nextPath = try #require(next.headers[.location])
            let nextID = try #require(Int64(nextPath.split(separator: "/").last!))
            #expect(try await logs(nextID).first?["dstIp"] as? String == "198.51.100.9")
        }
    }

    /// Each problem beside its field in the analyst's language, naming the value it is about: a Japanese
    /// page in Japanese, an English page with the validator's line, as `validate` and the API print it.
    @Test(arguments: TestStore.allCases) func problemsAreInTheAnalystsLanguage(_ backend: TestStore) async throws {
        let server = try await Self.server(backend)
        try await server.test { client in
            var ana = StaffBrowser(client), leo = StaffBrowser(client, language: "en")
            try await ana.signIn("ana@soc.example"); try await leo.signIn("leo@soc.example")
            // The schema's problem; the address is checked once the document has the contract's shape.
            let choice = ["action": "submit", "tlp": "orange"],
                prefix = ["action": "submit", "recommendations.blockIps": "10.0.0.0/33"]
            let japanese = try await ana.post("/staff/drafts", form: Self.form(ana, choice))
            #expect(japanese.status == .unprocessableContent)
            #expect(
                japanese.text.contains(
                    #"<ul class="problems" id="f-tlp-problems"><li>&quot;orange&quot; は選べません。次のどれかにしてください：clear, green, amber, amber+strict, red</li>"#
                ))
            #expect(
                try await ana.post("/staff/drafts", form: Self.form(ana, prefix)).text.contains(
                    #"id="f-recommendations-blockIps-problems"><li>1 行目: &quot;10.0.0.0/33&quot; のプレフィックス長 33 は IPv4 の上限 32 を超えています。</li>"#
                ))
            let english = try await leo.post("/staff/drafts", form: Self.form(leo, choice))
            #expect(
                english.text.contains(
                    #"<ul class="problems" id="f-tlp-problems"><li>&quot;orange&quot; is not one of clear, green, amber, amber+strict, red</li>"#
                ))
            #expect(
                try await leo.post("/staff/drafts", form: Self.form(leo, prefix)).text.contains(
                    #"id="f-recommendations-blockIps-problems"><li>line 1: &quot;10.0.0.0/33&quot; has the prefix length 33, above the IPv4 maximum 32</li>"#
                ))
        }
    }

    @Test func aFormLargerThanTheLimitIsRefusedWithAMessage() async throws {
        let server = try await Self.server(.sqlite, maxBodyBytes: 64 * 1024)
        try await server.test { client in
            var ana = StaffBrowser(client)
            try await ana.signIn("ana@soc.example")
            let response = try await ana.post(
                "/staff/drafts", form: Self.form(ana, ["attack.logs": String(repeating: "x", count: 100 * 1024)]))
            #expect(response.status == .contentTooLarge && response.text.contains("フォームが大きすぎます"))
            #expect(try await server.store.workbenchDrafts(publishedSince: "2000-01-01T00:00:00Z").isEmpty)
        }
    }
}

/// A browser for the workbench: cookies kept between requests, and the session's CSRF token.
struct StaffBrowser {
    let client: any TestClientProtocol
    let language: String
    var cookies: [String: String] = [:]
    var csrf = ""

    init(_ client: any TestClientProtocol, language: String = "ja") { self.client = client; self.language = language }

    @discardableResult
    mutating func get(_ uri: String) async throws -> TestResponse {
        try await send(uri, .get, body: nil, headers: [.acceptLanguage: language])
    }

    @discardableResult
    mutating func post(_ uri: String, form: [String: String]) async throws -> TestResponse {
        let body = form.map {
            "\($0.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
        }
        .joined(separator: "&")
        return try await send(
            uri, .post, body: ByteBuffer(string: body),
            headers: [.contentType: "application/x-www-form-urlencoded", .acceptLanguage: language])
    }

    /// The form as multipart/form-data, as browsers send a form with a file field, with `file` (control, file name, content).
    @discardableResult
    mutating func postMultipart(
        _ uri: String, form: [String: String], file: (name: String, filename: String, content: String)
    ) async throws -> TestResponse {
        let boundary = "----socreport\(UUID().uuidString)"
        var body = ""
        for (name, value) in form {
            body +=
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value.replacingOccurrences(of: "\n", with: "\r\n"))\r\n"
        }
        body +=
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\n"
        body += "Content-Type: text/csv\r\n\r\n\(file.content)\r\n--\(boundary)--\r\n"
        return try await send(
            uri, .post, body: ByteBuffer(string: body),
            headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .acceptLanguage: language])
    }

    /// Signs in, and keeps the session's CSRF token from the next page.
    @discardableResult
    mutating func signIn(_ email: String) async throws -> TestResponse {
        let form = try await get("/login")
        let response = try await post(
            "/login", form: ["csrf": Self.token(in: form.text), "email": email, "password": WorkbenchTests.password])
        csrf = Self.token(in: try await get("/password").text)
        return response
    }

    static func token(in page: String) -> String {
        guard let range = page.range(of: #"name="csrf" value="([0-9a-f]+)""#, options: .regularExpression) else {
            return ""
        }
        return String(page[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
    }

    private mutating func send(_ uri: String, _ method: HTTPRequest.Method, body: ByteBuffer?, headers: HTTPFields)
        async throws -> TestResponse
    {
        var headers = headers
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        for field in response.headers[values: .setCookie] {
            let pair = field.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || field.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return response
    }
}
