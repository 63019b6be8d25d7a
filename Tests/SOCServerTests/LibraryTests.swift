import Foundation
import HTTPTypes
import PostgresTestSupport
import SOCStore
import Testing

/// The recommendation library through the server's routes, on SQLite and PostgreSQL: leads add, edit and
/// remove their texts and hide shipped ones; analysts read and use it; every change is in its log.
@Suite struct LibraryTests {
    static let shipped = "フィッシングサイトのドメインと URL をブロックしてください。"

    /// Leads extend the recommendation library; analysts use it.
    @Test(arguments: TestStore.allCases) func leadsAddToTheRecommendationLibrary(_ backend: TestStore) async throws {
        let server = try await WorkbenchTests.server(backend)
        try await server.test { client in
            var ana = StaffBrowser(client), lea = StaffBrowser(client), customer = StaffBrowser(client)
            try await ana.signIn("ana@soc.example"); try await lea.signIn("lea@soc.example");
            try await customer.signIn("user@acme.example")
            let text = "VPN 装置のファームウェアを更新してください。"
            let form = ["language": "ja", "threatType": "phishing", "text": text]
            #expect(try await customer.get("/staff/library").status == .notFound)
            #expect(
                try await ana.get("/staff/library").text.contains(Self.shipped),
                "the shipped texts, in the page's language")
            let english = try await ana.get("/staff/library?language=en").text
            #expect(
                english.contains("Isolate the infected host from the network and run a full antivirus scan.")
                    && !english.contains(Self.shipped))
            #expect(
                !(try await ana.get("/staff/library").text.contains(#"action="/staff/library""#)),
                "no form for an analyst")
            #expect(
                try await ana.post("/staff/library", form: form.merging(["csrf": ana.csrf]) { $1 }).status
                    == .forbidden, "analysts do not add")
            #expect(try await lea.post("/staff/library", form: form).status == .forbidden, "CSRF")
            #expect(
                try await lea.post(
                    "/staff/library",
                    form: ["csrf": lea.csrf, "language": "ja", "threatType": "nonsense", "text": text]
                ).status == .badRequest)
            let added = try await lea.post("/staff/library", form: form.merging(["csrf": lea.csrf]) { $1 })
            #expect(
                added.status == .seeOther && added.headers[.location] == "/staff/library?language=ja#lib-ja-phishing",
                "back to the text's threat type")
            #expect(try await ana.get("/staff/library").text.contains(text))
            let newForm = try await ana.get("/staff/drafts/new?tenant=acme")
            #expect(newForm.text.contains("<option value=\"\(text)\">"), "offered in the draft form")
            #expect(try await server.store.addedRecommendations().map(\.text) == [text])
        }
    }

    /// Leads edit and remove the texts leads added, never over a change they have not seen, and hide a
    /// shipped text from the drafts and show it again; analysts and customers change nothing.
    @Test(arguments: TestStore.allCases) func leadsEditRemoveAndHideTexts(_ backend: TestStore) async throws {
        let server = try await WorkbenchTests.server(backend)
        try await server.test { client in
            var ana = StaffBrowser(client), lea = StaffBrowser(client), leo = StaffBrowser(client),
                customer = StaffBrowser(client)
            try await ana.signIn("ana@soc.example"); try await lea.signIn("lea@soc.example");
            try await leo.signIn("leo@soc.example")
            try await customer.signIn("user@acme.example")
            let text = "VPN 装置のファームウェアを更新してください。", edited = "VPN 装置のファームウェアを最新版に更新してください。"
            #expect(
                try await lea.post(
                    "/staff/library",
                    form: ["csrf": lea.csrf, "language": "ja", "threatType": "phishing", "text": text]
                ).status == .seeOther)
            let id = try #require(try await server.store.addedRecommendations().first?.id)

            // A lead's page has a form for each text; an analyst's shows them read-only.
            let leadPage = try await lea.get("/staff/library").text
            #expect(
                leadPage.contains(
                    #"<input type="hidden" name="id" value="\#(id)"><input type="hidden" name="was" value="\#(text)">"#)
            )
            #expect(
                leadPage.contains(
                    #"<input type="hidden" name="text" value="\#(Self.shipped)"><button type="submit" name="action" value="hide""#
                ))
            let analystPage = try await ana.get("/staff/library").text
            #expect(
                analystPage.contains(#"<span class="text">\#(text)</span>"#)
                    && !analystPage.contains("<form method=\"post\" action=\"/staff/library\""))

            let edit = ["action": "edit", "id": "\(id)", "was": text, "text": edited]
            let remove = ["action": "remove", "id": "\(id)", "was": text]
            let hide = ["action": "hide", "language": "ja", "threatType": "phishing", "text": Self.shipped]
            for form in [edit, remove, hide] {
                #expect(
                    try await customer.post("/staff/library", form: form.merging(["csrf": customer.csrf]) { $1 }).status
                        == .notFound)
                #expect(
                    try await ana.post("/staff/library", form: form.merging(["csrf": ana.csrf]) { $1 }).status
                        == .forbidden, "\(form)")
                #expect(try await lea.post("/staff/library", form: form).status == .forbidden, "CSRF")
            }
            #expect(try await server.store.addedRecommendations().map(\.text) == [text], "nothing changed")
            #expect(try await server.store.hiddenRecommendations().isEmpty)
            #expect(try await server.store.recommendationEvents(limit: 10).map(\.action) == [.add])

            // Leo edits; Lea, who read the text before, cannot overwrite it unseen and is told what it says now.
            #expect(
                try await leo.post("/staff/library", form: edit.merging(["csrf": leo.csrf]) { $1 }).status == .seeOther)
            let stale = try await lea.post(
                "/staff/library", form: edit.merging(["csrf": lea.csrf, "text": "別の文"]) { $1 })
            #expect(stale.status == .conflict && stale.text.contains(edited), "\(stale.status)")
            #expect(
                try await lea.post("/staff/library", form: remove.merging(["csrf": lea.csrf]) { $1 }).status
                    == .conflict)
            #expect(
                try await lea.post(
                    "/staff/library",
                    form: edit.merging(["csrf": lea.csrf, "was": edited, "text": "two\nlines"]) { $1 }
                ).status == .badRequest)
            #expect(try await server.store.addedRecommendations().map(\.text) == [edited])
            let form = try await ana.get("/staff/drafts/new?tenant=acme").text
            #expect(
                form.contains("<option value=\"\(edited)\">") && !form.contains("<option value=\"\(text)\">"),
                "the drafts offer the edited text")

            // A shipped text hidden leaves the drafts and the analysts' list; the leads still see it, to show it again.
            #expect(
                try await lea.post("/staff/library", form: hide.merging(["csrf": lea.csrf]) { $1 }).headers[.location]
                    == "/staff/library?language=ja#lib-ja-phishing")
            #expect(
                try await lea.post("/staff/library", form: hide.merging(["csrf": lea.csrf]) { $1 }).status == .seeOther,
                "hiding again changes nothing")
            #expect(!(try await ana.get("/staff/drafts/new?tenant=acme").text.contains(Self.shipped)))
            #expect(
                !(try await ana.get("/staff/library").text.contains(#"<span class="text">\#(Self.shipped)</span>"#)),
                "only in the log")
            #expect(
                try await lea.get("/staff/library").text.contains(
                    #"<input type="hidden" name="text" value="\#(Self.shipped)"><button type="submit" name="action" value="show""#
                ))
            #expect(
                try await lea.post("/staff/library", form: hide.merging(["csrf": lea.csrf, "text": edited]) { $1 })
                    .status == .notFound,
                "only a shipped text is hidden")
            #expect(
                try await lea.post("/staff/library", form: hide.merging(["csrf": lea.csrf, "language": "en"]) { $1 })
                    .status == .notFound,
                "in its own language")
            #expect(
                try await leo.post("/staff/library", form: hide.merging(["csrf": leo.csrf, "action": "show"]) { $1 })
                    .status == .seeOther)
            #expect(
                try await ana.get("/staff/drafts/new?tenant=acme").text.contains("<option value=\"\(Self.shipped)\">"))

            // Removed, the text is gone from the library and the drafts; removing it again finds nothing.
            #expect(
                try await lea.post("/staff/library", form: remove.merging(["csrf": lea.csrf, "was": edited]) { $1 })
                    .status == .seeOther)
            #expect(
                try await lea.post("/staff/library", form: remove.merging(["csrf": lea.csrf, "was": edited]) { $1 })
                    .status == .notFound)
            #expect(try await server.store.addedRecommendations().isEmpty)
            #expect(!(try await ana.get("/staff/drafts/new?tenant=acme").text.contains(edited)))

            // The log keeps every change, who made it, and an edit's words before and after; every staff member reads it.
            let events = try await server.store.recommendationEvents(limit: 10)
            #expect(events.map(\.action) == [.remove, .show, .hide, .edit, .add])
            #expect(
                events.map(\.actor) == [
                    "lea@soc.example", "leo@soc.example", "lea@soc.example", "leo@soc.example", "lea@soc.example",
                ])
            #expect(
                events[3].previousText == text && events[3].text == edited && events[0].text == edited
                    && events[1].text == Self.shipped)
            let log = try await ana.get("/staff/library").text
            #expect(log.contains("定型文の変更履歴") && log.contains(#"<span class="before">\#(text)</span> → \#(edited)"#))
            #expect(log.contains(">再表示</td><td data-label=\"実行者\">leo@soc.example<"))
        }
    }

    /// A lead's text is shown as text, in the page, its form and the drafts' library.
    @Test(arguments: TestStore.allCases) func textsAreEscaped(_ backend: TestStore) async throws {
        let server = try await WorkbenchTests.server(backend)
        try await server.test { client in
            var lea = StaffBrowser(client, language: "en")
            try await lea.signIn("lea@soc.example")
            let text = #"Block <script>alert("x")</script> & "quotes""#
            #expect(
                try await lea.post(
                    "/staff/library", form: ["csrf": lea.csrf, "language": "en", "threatType": "other", "text": text]
                ).status == .seeOther)
            let page = try await lea.get("/staff/library").text
            let escaped = "Block &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;"
            #expect(
                !page.contains("<script>alert") && page.contains(#"name="was" value="\#(escaped)""#)
                    && page.contains("Changes to the library"))
            #expect(try await server.store.addedRecommendations().map(\.text) == [text])
        }
    }
}
