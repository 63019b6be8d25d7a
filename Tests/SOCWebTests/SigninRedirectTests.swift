import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// A page asked for without a session (a mail's link) answers with the sign-in form, which returns to
/// that page once signed in; and to no other site, whatever `next` says.
@Suite struct SigninRedirectTests {
    @Test(arguments: ["/t/acme/reports/incident/INC-A1", "/t/acme/files/incidents/2026/03/INC-A1-r2.pdf?view=1"])
    func signingInFromALinkReturnsToIt(path: String) async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            let form = try await browser.get(path)
            #expect(form.status == .unauthorized)
            let next = try #require(Self.next(in: form), "the sign-in form, carrying the page: \(form.text)")
            #expect(next == path.replacingOccurrences(of: "&", with: "&amp;"))
            let signedIn = try await browser.post(
                "/login",
                form: [
                    "csrf": Browser.csrf(in: form), "email": "user@acme.example",
                    "password": PortalSite.password, "next": path,
                ])
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == path)
            #expect(try await browser.get(path).status == .ok)
            // Signed in already, the form's address goes straight on.
            let again = try await browser.get(
                "/login?next=" + (path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            #expect(again.status == .seeOther && again.headers[.location] == path)
        }
    }

    @Test(arguments: [
        "//evil.example/t/acme/reports", "https://evil.example/", "/\\evil.example", "/\\/evil.example",
        "\\\\evil.example",
        "javascript:alert(1)", "/\tevil", " /t/acme/reports", "/t/acme\r\nSet-Cookie: a=b", "", "t/acme/reports",
    ])
    func nextNeverLeavesTheSite(next: String) async throws {
        let site = try await PortalSite()
        try await site.application().test(.router) { client in
            var browser = Browser(client)
            let page = try await browser.get(
                "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            #expect(page.status == .ok && Self.next(in: page) == nil, "no such target goes into the form")
            let signedIn = try await browser.post(
                "/login",
                form: [
                    "csrf": Browser.csrf(in: page), "email": "user@acme.example",
                    "password": PortalSite.password, "next": next,
                ])
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/")
        }
    }

    static func next(in response: Reply) -> String? {
        let body = response.text
        guard let range = body.range(of: #"name="next" value="[^"]*""#, options: .regularExpression) else { return nil }
        return String(body[range].dropFirst(#"name="next" value=""#.count).dropLast())
    }
}
