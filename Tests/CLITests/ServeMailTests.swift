import Foundation
import RelayTestSupport
import Testing

/// `socreport serve` with a real relay: every link in the mails it sends opens the report for the tenant's
/// customer through sign-in, with curl and in Chromium (Browser/mail_links.py), the acknowledgement links
/// acknowledging, and the staff's board (Browser/board.py) showing it and refreshing in place; killed with SIGKILL while it delivers, after a restart each mail arrives exactly once.
@Suite struct ServeMailTests {
    @Test func everyLinkInAMailOpensTheReportForTheSignedInCustomer() async throws {
        let ws = try Workspace()
        let token = try #require(
            try ws.run(["apikey", "create", "--db", ws.db, "--name", "t", "--scope", "publish", "read", "tenants"])
                .stdout.split(separator: "\n").last.map(String.init))
        let relay = try Relay(out: ws.url.appendingPathComponent("relay"))
        // The portal's public address names a host of its own; curl takes it to this server (--connect-to).
        let publicURL = "http://portal.provider.example:8443"
        let server = try CLI.start(
            [
                "serve", "--db", ws.db, "--portal", ws.portal.path, "--listen", "127.0.0.1:0", "--workers", "1",
                "--smtp", "smtp://localhost:\(relay.port)?tls=none", "--mail-from", "soc@provider.example",
                "--public-url", publicURL,
            ], in: ws.url)
        defer { if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) } }
        let port = try await ServeTests.listeningPort(server)
        for revision in 1...2 {
            var incident = Fixtures.incident(Fixtures.tenant("acme"), id: "INC-1", revision: revision)
            if revision == 2 { incident["revisionNote"] = "影響端末が 2 台に増えました。" }
            let body = try JSONSerialization.data(withJSONObject: incident)
            let answer = try Loopback.exchange(
                port: port,
                Loopback.request("POST", "/api/v1/incidents", token: token, contentLength: body.count) + body)
            #expect(answer.hasPrefix("HTTP/1.1 201"), "\(answer)")
        }
        #expect(Relay.wait { (try? relay.received().count) == 2 })
        let password = "correct horse battery staple"
        let added = try ws.run(
            ["user", "add", "--db", ws.db, "--email", "customer@acme.example", "--tenant", "acme"],
            stdin: Data("\(password)\n".utf8))
        #expect(added.status == 0, "\(added.stderr)")

        let mails = try relay.received().map { try #require($0.body) }
        #expect(mails[1].contains("前報からの変更点: 影響端末が 2 台に増えました。"), "the follow-up says what changed: \(mails[1])")
        let all = mails.flatMap { $0.matches(of: /https?:\/\/[^\s]+/).map { String($0.output) } }
        let links = all.filter { !$0.contains("/ack/") }, acks = all.filter { $0.contains("/ack/") }
        #expect(
            links == [publicURL + "/t/acme/reports/incident/INC-1", publicURL + "/t/acme/reports/incident/INC-1"],
            "\(mails)")
        #expect(
            acks.count == 2
                && acks.allSatisfy {
                    $0.wholeMatch(of: /http:\/\/portal\.provider\.example:8443\/ack\/[0-9a-f]{64}/) != nil
                },
            "each mail its acknowledgement link: \(acks)")
        for link in acks {
            // What a mail scanner fetches: the page whose form acknowledges, nothing recorded yet.
            let page = try Curl(
                jar: ws.url.appendingPathComponent("cookies-scanner"),
                connectTo: "portal.provider.example:8443:127.0.0.1:\(port)"
            ).get(link)
            #expect(page.status == 200 && page.body.contains(#"id="ack-form""#), "\(link): \(page)")
        }
        for (n, link) in links.enumerated() {
            let curl = Curl(
                jar: ws.url.appendingPathComponent("cookies-\(n)"),
                connectTo: "portal.provider.example:8443:127.0.0.1:\(port)")
            // Not signed in: the sign-in form, which carries the page along.
            let form = try curl.get(link)
            #expect(form.status == 401, "\(link): \(form.body)")
            let csrf = try #require(form.body.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
            let next = try #require(form.body.firstMatch(of: /name="next" value="([^"]*)"/)?.1)
            let signedIn = try curl.post(
                publicURL + "/login",
                form: [
                    "csrf": String(csrf), "email": "customer@acme.example",
                    "password": password, "next": String(next),
                ])
            #expect(signedIn.status == 303 && signedIn.location == link, "\(signedIn)")
            let page = try curl.get(link)
            #expect(page.status == 200, "\(link)")
            for revision in 1...2 {
                let file = "/t/acme/files/incidents/2026/03/INC-1-r\(revision).pdf"
                #expect(page.body.contains("href=\"\(file)\""), "the page offers every revision's download")
                #expect(try curl.get(publicURL + file).status == 200)
            }
        }
        // The same links in Chromium, each in a browser with no session, at a phone's width.
        let screenshots =
            ProcessInfo.processInfo.environment["SOCREPORT_SCREENSHOTS"].map { URL(fileURLWithPath: $0) }
            ?? ws.url.appendingPathComponent("screenshots")
        let opened = try Browser.run(
            "mail_links.py",
            links.flatMap { ["--link", $0] } + acks.flatMap { ["--ack", $0] } + [
                "--map", "portal.provider.example=127.0.0.1:\(port)", "--user", "customer@acme.example", "--password",
                password,
                "--revisions", "2", "--report", publicURL + "/t/acme/reports/incident/INC-1", "--out", screenshots.path,
            ], in: ws.url)
        #expect(opened.contains("all links opened"), "\(opened)")
        for name in ["ack-page-phone", "ack-1-report-phone", "ack-used-phone"] {
            #expect(
                FileManager.default.fileExists(atPath: screenshots.appendingPathComponent("\(name).png").path),
                "\(name).png")
        }

        // The staff's board: both revisions sent and acknowledged by the mails' links; a third revision published
        // while it is open appears without a reload.
        let staff = try ws.run(
            ["user", "add", "--db", ws.db, "--email", "staff@provider.example", "--staff"],
            stdin: Data("\(password)\n".utf8))
        #expect(staff.status == 0, "\(staff.stderr)")
        let third = ws.url.appendingPathComponent("INC-1-r3.json")
        var incident = Fixtures.incident(Fixtures.tenant("acme"), id: "INC-1", revision: 3)
        incident["revisionNote"] = "封じ込めが完了しました。"
        try JSONSerialization.data(withJSONObject: incident).write(to: third)
        let board = try Browser.run(
            "board.py",
            [
                "--base", "http://127.0.0.1:\(port)", "--user", "staff@provider.example", "--password", password,
                "--token", token,
                "--row", "acme-INC-1-r2=送信済み", "--row", "acme-INC-1-r2=soc@acme.example", "--row",
                "acme-INC-1-r2=メールのリンク",
                "--row", "acme-INC-1-r1=メールのリンク", "--row", "acme-INC-1-r1=第1報",
                "--publish", third.path, "--new-row", "acme-INC-1-r3", "--out", screenshots.path,
            ], in: ws.url)
        #expect(board.contains("board checked"), "\(board)")
        kill(server.process.processIdentifier, SIGTERM)
        server.process.waitUntilExit()
        #expect(
            server.result().stderr.contains("goes in clear text (tls=none)"), "the opt-out is warned about at start")
    }

    @Test func aKilledServerDeliversEachMailExactlyOnceAfterRestart() async throws {
        let ws = try Workspace()
        let token = try #require(
            try ws.run(["apikey", "create", "--db", ws.db, "--name", "t", "--scope", "publish", "read", "tenants"])
                .stdout.split(separator: "\n").last.map(String.init))
        // The relay holds every recipient for a while, so the kill lands at a known point.
        let relay = try Relay(out: ws.url.appendingPathComponent("relay"), arguments: ["--slow-rcpt", "0.4"])
        let serve = [
            "serve", "--db", ws.db, "--portal", ws.portal.path, "--listen", "127.0.0.1:0", "--workers", "1",
            "--smtp", "smtp://localhost:\(relay.port)?tls=none", "--mail-from", "soc@provider.example", "--mail-lease",
            "2",
        ]

        let first = try CLI.start(serve, in: ws.url)
        defer { if first.process.isRunning { kill(first.process.processIdentifier, SIGKILL) } }
        let port = try await ServeTests.listeningPort(first)
        var tenant = Fixtures.tenant("acme")
        tenant["contacts"] = (1...4).map { ["name": "担当者 \($0)", "email": "contact\($0)@acme.example"] }
        let body = try JSONSerialization.data(withJSONObject: Fixtures.incident(tenant, id: "INC-1"))
        let answer = try Loopback.exchange(
            port: port, Loopback.request("POST", "/api/v1/incidents", token: token, contentLength: body.count) + body)
        #expect(answer.hasPrefix("HTTP/1.1 201"), "\(answer)")

        #expect(Relay.wait { relay.holding() == 2 }, "the deliverer reached the third mail")
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        #expect(try relay.received().count == 2)

        // Restarted once the dead deliverer's lease has run out: the two mails left are sent, once each.
        try await Task.sleep(for: .seconds(2.5))
        let second = try CLI.start(serve, in: ws.url)
        defer { if second.process.isRunning { kill(second.process.processIdentifier, SIGKILL) } }
        _ = try await ServeTests.listeningPort(second)
        #expect(Relay.wait(seconds: 30) { (try? relay.received().count) == 4 })
        try await Task.sleep(for: .seconds(3))
        let received = try relay.received()
        #expect(received.flatMap(\.rcptTos).sorted() == (1...4).map { "contact\($0)@acme.example" })
        #expect(Set(received.map(\.messageId)).count == 4)
        kill(second.process.processIdentifier, SIGTERM)
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 0, "\(second.result().stderr)")
        let sent = try ws.run(["mail", "list", "--db", ws.db, "--state", "sent"]).stdout
        #expect(sent.split(separator: "\n").count == 4, "\(sent)")
    }
}

/// curl with a cookie jar: a real HTTP client, as a mail reader's browser would be, sent to the test server
/// whatever host the URL names.
struct Curl {
    let jar: URL
    let connectTo: String

    struct Answer: CustomStringConvertible {
        var status: Int
        var location: String?
        var body: String
        var description: String { "\(status) \(location ?? "") \(body.prefix(300))" }
    }

    func get(_ url: String) throws -> Answer { try run([url]) }

    func post(_ url: String, form: [String: String]) throws -> Answer {
        try run([url] + form.sorted { $0.key < $1.key }.flatMap { ["--data-urlencode", "\($0.key)=\($0.value)"] })
    }

    private func run(_ arguments: [String]) throws -> Answer {
        let body = jar.deletingLastPathComponent().appendingPathComponent("curl-body-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: body) }
        let curl = Process(), out = Pipe()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        curl.arguments =
            [
                "curl", "-sS", "-c", jar.path, "-b", jar.path, "--connect-to", connectTo, "-o", body.path,
                "-w", "%{http_code} %{redirect_url}",
            ] + arguments
        curl.standardOutput = out
        try curl.run()
        let result = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        curl.waitUntilExit()
        let words = result.split(separator: " ", maxSplits: 1).map(String.init)
        return Answer(
            status: Int(words.first ?? "") ?? 0, location: words.count > 1 && !words[1].isEmpty ? words[1] : nil,
            body: (try? String(contentsOf: body, encoding: .utf8)) ?? "")
    }
}
