import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SOCStore
import Testing

@testable import SOCWeb

/// Sign-in throttling against a live server, each attempt on a connection of its own as separate clients make them.
@Suite struct ThrottleTests {
    /// 40 wrong passwords at once for one address, then the right one while they are answered: at most 5
    /// passwords are checked, and the right one waits like the rest.
    @Test func aBurstOfSigninsChecksAtMostFivePasswords() async throws {
        let site = try await PortalSite()
        // A hash that takes a while to check, as the default cost does, so the burst arrives while the first checks run.
        try await Accounts(store: site.store, cost: 10).setPassword(email: "user@acme.example", PortalSite.password)
        try await site.application().test(.live) { client async throws in
            let port = try #require(client.port)
            let connections = (0...40).map { _ in
                TestClient(host: "localhost", port: port, configuration: .init(timeout: .seconds(120)))
            }
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
            #expect(
                wrong.filter { $0 == .unauthorized }.count <= 5,
                "passwords checked: \(wrong.filter { $0 == .unauthorized }.count)")
            #expect(wrong.allSatisfy { $0 == .unauthorized || $0 == .tooManyRequests })
            #expect(right == .tooManyRequests, "the right password inside the burst does not sign in")
        }
    }

    /// Behind a trusted proxy, the client it names is counted: one client's failures with made-up addresses
    /// do not keep another client out, and an address the client itself put in front changes nothing.
    @Test func behindATrustedProxyEachClientIsCountedOnItsOwn() async throws {
        let site = try await PortalSite()
        var settings = site.settings
        settings.trustedProxies = [try #require(IPNetwork("127.0.0.0/8"))]
        try await site.application(settings).test(.live) { client async throws in
            var guesser = Browser(client), owner = Browser(client)
            let fromGuesser: HTTPFields = [.xForwardedFor: "203.0.113.7"]
            for n in 0..<5 {
                #expect(
                    try await guesser.signIn(
                        "made-up-\(n)@acme.example", password: "wrong password!", headers: fromGuesser
                    ).status == .unauthorized)
            }
            #expect(try await guesser.signIn("made-up-5@acme.example", headers: fromGuesser).status == .tooManyRequests)
            #expect(
                try await guesser.signIn(
                    "made-up-6@acme.example", headers: [.xForwardedFor: "198.51.100.9, 203.0.113.7"]
                ).status == .tooManyRequests,
                "an address the client sent itself is not believed")
            #expect(
                try await owner.signIn("user@acme.example", headers: [.xForwardedFor: "203.0.113.8"]).status
                    == .seeOther)
        }
    }

    /// From a peer that is not a trusted proxy, `X-Forwarded-For` is the client's own word and ignored.
    @Test func aSpoofedForwardedForFromAnUntrustedPeerIsIgnored() async throws {
        let site = try await PortalSite()
        var settings = site.settings
        settings.trustedProxies = [try #require(IPNetwork("10.0.0.0/8"))]
        try await site.application(settings).test(.live) { client async throws in
            var browser = Browser(client)
            for n in 0..<5 {
                let spoofed: HTTPFields = [.xForwardedFor: "203.0.113.\(n)"]
                #expect(
                    try await browser.signIn("made-up-\(n)@acme.example", password: "wrong password!", headers: spoofed)
                        .status == .unauthorized)
            }
            #expect(
                try await browser.signIn("user@acme.example", headers: [.xForwardedFor: "203.0.113.99"]).status
                    == .tooManyRequests)
        }
    }

    /// An address's window doubles each time it fills up (Retry-After 60, then 120…), and its owner's sign-in resets it.
    @Test func anAddressIsSlowedDownMoreAndMore() async throws {
        let site = try await PortalSite()
        let throttle = SigninThrottle(store: site.store)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for (offset, wait) in [(0.0, 60), (60, 120), (180, 240)] {
            let now = start.addingTimeInterval(offset)
            for n in 0..<5 {
                #expect(try await throttle.claim(email: "user@acme.example", client: "192.0.2.\(n)", now: now) == nil)
            }
            #expect(try await throttle.claim(email: "User@acme.example", client: "192.0.2.9", now: now) == wait)
        }
        try await throttle.succeeded(email: "user@acme.example", client: "192.0.2.9")
        #expect(
            try await throttle.claim(
                email: "user@acme.example", client: "192.0.2.10", now: start.addingTimeInterval(200)) == nil)
    }

    @Test func trustedProxyNetworks() throws {
        let proxies = ClientAddress(trustedProxies: ["10.0.0.0/8", "fd00::/8", "192.0.2.1"].compactMap(IPNetwork.init))
        for text in ["10.0.0.0/33", "10.0.0.0/x", "proxy.example", "fd00::/129", ""] {
            #expect(IPNetwork(text) == nil, "\(text)")
        }
        func client(_ peer: String, _ header: String?) -> String {
            let request = Request(
                head: .init(
                    method: .get, scheme: nil, authority: nil, path: "/",
                    headerFields: header.map { [.xForwardedFor: $0] } ?? [:]), body: .init(buffer: .init()))
            return proxies.client(request, peer: peer)
        }
        #expect(client("10.1.2.3", "203.0.113.5") == "203.0.113.5")
        #expect(client("::ffff:10.1.2.3", "203.0.113.5") == "203.0.113.5", "an IPv4-mapped peer")
        #expect(client("fd12::1", "192.0.2.1, 2001:db8::5") == "2001:db8::5")
        #expect(client("10.1.2.3", "203.0.113.5, 192.0.2.1") == "203.0.113.5", "through two trusted proxies")
        #expect(client("10.1.2.3", "garbage, 192.0.2.1") == "192.0.2.1", "a malformed entry ends the walk")
        #expect(client("198.51.100.1", "203.0.113.5") == "198.51.100.1", "an untrusted peer's header is ignored")
        #expect(client("10.1.2.3", nil) == "10.1.2.3")
    }

    private static func post(_ browser: Browser, password: String) async throws -> HTTPResponse.Status {
        var browser = browser
        return try await browser.post(
            "/login",
            form: [
                "csrf": browser.cookies["socportal_signin"] ?? "", "email": "user@acme.example", "password": password,
            ]
        ).status
    }
}
