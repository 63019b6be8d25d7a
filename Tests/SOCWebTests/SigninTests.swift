import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SOCStore
import SOCWeb
import Testing

@Suite struct SigninTests {
    @Test func signingInSetsAServerSideSessionCookie() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            let response = try await browser.signIn("user@acme.example")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("socportal_session=") })
            for attribute in ["HttpOnly", "SameSite=Lax", "Max-Age=28800", "Path=/"] {
                #expect(cookie.contains(attribute), "\(attribute)")
            }
            #expect(!cookie.contains("Secure"), "not over TLS here")
            let id = try #require(browser.cookies["socportal_session"])
            #expect(id.count == 64)
            // The store keeps the id's hash only.
            #expect(try await site.store.session(idHash: id, now: Date().timeIntervalSince1970) == nil)
            #expect(
                try await site.store.session(idHash: SecretToken.hash(id), now: Date().timeIntervalSince1970) != nil)
            let home = try await browser.get("/")
            #expect(home.status == .seeOther && home.headers[.location] == "/t/acme/reports")
        }
    }

    @Test func secureCookiesWhenServedOverTLS() async throws {
        let site = try await PortalSite()
        var settings = site.settings
        settings.secureCookies = true
        let router = Router(context: PortalContext.self)
        PortalRoutes<PortalContext>(settings: settings).register(on: router)
        try await Application(router: router).test(.router) { client in
            var browser = Browser(client)
            let response = try await browser.signIn("user@acme.example")
            #expect(response.headers[values: .setCookie].allSatisfy { $0.contains("Secure") })
        }
    }

    @Test func aFailureNeverSaysWhetherTheAddressExists() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            let wrongPassword = try await browser.signIn("user@acme.example", password: "not the password")
            let unknownAddress = try await browser.signIn("nobody@acme.example", password: "not the password")
            #expect(wrongPassword.status == .unauthorized && unknownAddress.status == .unauthorized)
            let message = "メールアドレスまたはパスワードが正しくありません。"
            #expect(wrongPassword.text.contains(message) && unknownAddress.text.contains(message))
            #expect(
                wrongPassword.text.replacingOccurrences(of: "user@", with: "nobody@").count == unknownAddress.text.count
            )
        }
    }

    @Test func theSigninFormNeedsItsCSRFToken() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.get("/login")
            let response = try await browser.post(
                "/login", form: ["csrf": "0", "email": "user@acme.example", "password": PortalSite.password])
            #expect(response.status == .forbidden)
            #expect(browser.cookies["socportal_session"] == nil)
        }
    }

    @Test func afterFiveFailuresAMinuteFurtherAttemptsWait() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            for _ in 0..<5 {
                #expect(
                    try await browser.signIn("user@acme.example", password: "wrong password!").status == .unauthorized)
            }
            // Even the right password waits now.
            let blocked = try await browser.signIn("user@acme.example")
            #expect(blocked.status == .tooManyRequests)
            let retryAfter = try #require(blocked.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...60).contains(retryAfter))
            #expect(browser.cookies["socportal_session"] == nil)
            // The client address counts too: another address from the same client waits as well.
            #expect(try await browser.signIn("user@globex.example").status == .tooManyRequests)
        }
    }

    @Test func signingOutNeedsTheTokenAndEndsTheSession() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            let page = try await browser.get("/t/acme/reports")
            #expect(try await browser.post("/logout", form: ["csrf": "forged"]).status == .forbidden)
            #expect(try await browser.get("/t/acme/reports").status == .ok)
            let out = try await browser.post("/logout", form: ["csrf": Browser.csrf(in: page)])
            #expect(out.status == .seeOther && out.headers[.location] == "/login")
            #expect(try await browser.get("/t/acme/reports").status == .unauthorized)
        }
    }

    @Test func changingThePasswordKeepsThisSessionAndEndsOthers() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client), other = Browser(client)
            try await browser.signIn("user@acme.example")
            try await other.signIn("user@acme.example")
            let form = try await browser.get("/password")
            let token = Browser.csrf(in: form)
            #expect(
                try await browser.post(
                    "/password", form: ["csrf": token, "current": "wrong", "new": "a new long password"]
                ).status == .badRequest)
            #expect(
                try await browser.post(
                    "/password", form: ["csrf": token, "current": PortalSite.password, "new": "short"]
                ).status == .badRequest)
            let changed = try await browser.post(
                "/password", form: ["csrf": token, "current": PortalSite.password, "new": "a new long password"])
            #expect(changed.status == .ok && changed.text.contains("パスワードを変更しました。"))
            #expect(try await browser.get("/t/acme/reports").status == .ok)
            #expect(try await other.get("/t/acme/reports").status == .unauthorized)
            var again = Browser(client)
            #expect(try await again.signIn("user@acme.example", password: "a new long password").status == .seeOther)
        }
    }

    @Test func aDisabledUsersLiveSessionStopsAtOnce() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            #expect(try await browser.get("/t/acme/reports").status == .ok)
            try await site.store.disableUser(email: "user@acme.example")
            #expect(try await browser.get("/t/acme/reports").status == .unauthorized)
            #expect(try await browser.get("/t/acme/files/\(site.acmeFile.path)").status == .unauthorized)
            var again = Browser(client)
            #expect(try await again.signIn("user@acme.example").status == .unauthorized)
        }
    }
    /// A session id planted in the browser before sign-in (session fixation) is ended, not carried on.
    @Test func signingInEndsTheBrowsersPreviousSession() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var planted = Browser(client), victim = Browser(client)
            try await planted.signIn("user@globex.example")
            let plantedID = try #require(planted.cookies["socportal_session"])
            let form = try await victim.get("/login")
            victim.cookies["socportal_session"] = plantedID
            let response = try await victim.post(
                "/login",
                form: ["csrf": Browser.csrf(in: form), "email": "user@acme.example", "password": PortalSite.password])
            #expect(response.status == .seeOther)
            #expect(victim.cookies["socportal_session"] != plantedID)
            #expect(try await planted.get("/t/globex/reports").status == .unauthorized, "the previous session ended")
            #expect(try await victim.get("/t/acme/reports").status == .ok)
        }
    }

    @Test func expiredSessionsArePurgedAtSignIn() async throws {
        let site = try await PortalSite()
        let user = try #require(try await site.store.user(email: "user@acme.example")?.user)
        try await site.store.createSession(
            idHash: "expired", userID: user.id, csrfToken: "c", expiresEpoch: Date().timeIntervalSince1970 - 1)
        #expect(try await site.store.session(idHash: "expired", now: 0) != nil)
        try await site.application().test(.router) { client async throws in
            var browser = Browser(client)
            #expect(try await browser.signIn("user@globex.example").status == .seeOther)
        }
        #expect(try await site.store.session(idHash: "expired", now: 0) == nil, "gone from the store, not only refused")
    }

    /// The password form checks the current password no faster than sign-in does.
    @Test func thePasswordFormIsThrottled() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("user@acme.example")
            let token = Browser.csrf(in: try await browser.get("/password"))
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<5 {
                statuses.append(
                    try await browser.post(
                        "/password", form: ["csrf": token, "current": "a wrong guess", "new": "a new long password"]
                    ).status)
            }
            #expect(statuses == Array(repeating: .badRequest, count: 5), "five checks, as at sign-in")
            let right = try await browser.post(
                "/password", form: ["csrf": token, "current": PortalSite.password, "new": "a new long password"])
            #expect(right.status == .tooManyRequests && right.headers[.retryAfter] != nil)
            #expect(
                try await Accounts(store: site.store, cost: 4).signIn(
                    email: "user@acme.example", password: PortalSite.password) != nil, "unchanged")
        }
    }

    /// Only failures fill a client's window: the users behind one office address sign in as often as they need.
    @Test func successfulSigninsFromOneClientAreNotLimited() async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client async throws in
            for n in 0..<8 {
                var browser = Browser(client)
                #expect(
                    try await browser.signIn(n % 2 == 0 ? "user@acme.example" : "user@globex.example").status
                        == .seeOther, "sign-in \(n)")
            }
        }
    }

    /// A sign-in for an unknown address does the work of checking a password at the configured cost, so
    /// its timing does not tell which addresses exist (a check at the default cost, 12, would take 16×
    /// as long as one at 8). The fastest of several tries each, taken in turn, as other tests run beside.
    @Test func anUnknownAddressTakesAsLongAsAWrongPassword() async throws {
        let site = try await PortalSite()
        let accounts = Accounts(store: site.store, cost: 8)
        try await accounts.setPassword(email: "user@acme.example", PortalSite.password)
        var known: [Duration] = [], unknown: [Duration] = []
        for _ in 0..<6 {
            for email in ["user@acme.example", "nobody@acme.example"] {
                let start = ContinuousClock.now
                #expect(try await accounts.signIn(email: email, password: "a wrong guess") == nil)
                if email.hasPrefix("user") {
                    known.append(ContinuousClock.now - start)
                } else {
                    unknown.append(ContinuousClock.now - start)
                }
            }
        }
        let ratio = unknown.min()! / known.min()!
        #expect((1.0 / 3...3).contains(ratio), "unknown \(unknown.min()!), known \(known.min()!)")
    }
}
