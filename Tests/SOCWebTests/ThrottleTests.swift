import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SOCStore
import SOCWeb
import Testing

/// Sign-in throttling against a live server, each attempt on a connection of its own as separate clients make them.
@Suite struct ThrottleTests {
    /// 40 wrong passwords at once for one address, then the right one while they are answered: at most 5
    /// passwords are checked, and the right one waits like the rest.
    @Test func aBurstOfSigninsChecksAtMostFivePasswords() async throws {
        let site = try PortalSite()
        // A hash that takes a while to check, as the default cost does, so the burst arrives while the first checks run.
        try Accounts(store: site.store, cost: 10).setPassword(email: "user@acme.example", PortalSite.password)
        try await site.application().test(.live) { client in
            let port = try #require(client.port)
            let connections = (0...40).map { _ in TestClient(host: "localhost", port: port, configuration: .init(timeout: .seconds(120))) }
            for connection in connections { connection.connect() }
            // Each browser holds its sign-in form (and token) before the burst.
            var browsers: [Browser] = []
            for connection in connections {
                var browser = Browser(connection: connection)
                try await browser.get("/login")
                browsers.append(browser)
            }
            let (wrong, right) = try await withThrowingTaskGroup(of: (Int, HTTPResponse.Status).self) { group in
                for index in 0..<40 {
                    let browser = browsers[index]
                    group.addTask { (index, try await Self.post(browser, password: "not the password")) }
                }
                var wrong: [HTTPResponse.Status] = []
                var right: HTTPResponse.Status?
                while let (index, status) = try await group.next() {
                    if index == 40 { right = status; continue }
                    wrong.append(status)
                    if wrong.count == 1 {
                        let browser = browsers[40]
                        group.addTask { (40, try await Self.post(browser, password: PortalSite.password)) }
                    }
                }
                return (wrong, right)
            }
            for connection in connections { try await connection.shutdown() }
            #expect(wrong.filter { $0 == .unauthorized }.count <= 5, "passwords checked: \(wrong.filter { $0 == .unauthorized }.count)")
            #expect(wrong.allSatisfy { $0 == .unauthorized || $0 == .tooManyRequests })
            #expect(right == .tooManyRequests, "the right password inside the burst does not sign in")
        }
    }

    private static func post(_ browser: Browser, password: String) async throws -> HTTPResponse.Status {
        var browser = browser
        return try await browser.post("/login", form: ["csrf": browser.cookies["socportal_signin"] ?? "", "email": "user@acme.example", "password": password]).status
    }
}
