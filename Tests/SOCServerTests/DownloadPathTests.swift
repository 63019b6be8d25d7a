import Foundation
import HTTPTypes
import HummingbirdTesting
import SOCServer
import SOCStore
import SOCWeb
import Testing

/// The API's entry route and the portal's download are one path (`Download`): streamed, ranges, no symbolic link followed.
@Suite struct DownloadPathTests {
    @Test func aSymbolicLinkIsServedByNeitherRoute() async throws {
        let t = try await TestServer()
        try await t.test { client in
            #expect(
                try await client.call(.post, "/api/v1/documents", token: t.all, json: [Documents.tenants()]).status
                    == .ok)
            #expect(
                try await client.call(.post, "/api/v1/incidents", token: t.all, json: Documents.incident()).status
                    == .created)
            try await Accounts(store: t.store, cost: 4).add(
                email: "user@acme.example", name: "User", tenantID: "acme", password: "correct horse battery")
            let path = "incidents/2026/03/INC-1-r1.pdf"
            let api = "/api/v1/tenants/acme/entries/\(path)", portal = "/t/acme/files/\(path)"
            let session = try await Self.signIn(client, "user@acme.example", "correct horse battery")

            let whole = try await client.call(.get, api, token: t.all)
            #expect(
                whole.status == .ok && whole.headers[.contentType] == "application/pdf"
                    && whole.headers[.cacheControl] == "private, no-cache")
            let part = try await client.call(.get, api, token: t.all, headers: [.range: "bytes=0-4"])
            #expect(part.status == .partialContent && part.text == "%PDF-", "ranges, as the portal answers them")
            #expect(try await client.call(.get, portal, token: nil, headers: session).status == .ok)

            // The file replaced by a link to a file outside the portal.
            let file = t.portal.appendingPathComponent("acme/\(path)")
            let secret = t.root.appendingPathComponent("secret.pdf")
            try Data("%PDF- secret".utf8).write(to: secret)
            try FileManager.default.removeItem(at: file)
            try FileManager.default.createSymbolicLink(at: file, withDestinationURL: secret)
            #expect(try await client.call(.get, api, token: t.all).status == .notFound)
            #expect(try await client.call(.get, portal, token: nil, headers: session).status == .notFound)
        }
    }

    /// The session cookie of a sign-in through the portal's form.
    static func signIn(_ client: any TestClientProtocol, _ email: String, _ password: String) async throws -> HTTPFields
    {
        let form = try await client.call(.get, "/login", token: nil)
        let token = try #require(
            form.headers[values: .setCookie].first { $0.hasPrefix("socportal_signin=") }?
                .split(separator: ";")[0].dropFirst("socportal_signin=".count))
        let body =
            "csrf=\(token)&email=\(email.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
        let signedIn = try await client.call(
            .post, "/login", token: nil, body: body, contentType: "application/x-www-form-urlencoded",
            headers: [.cookie: "socportal_signin=\(token)"])
        let cookie = try #require(
            signedIn.headers[values: .setCookie].first { $0.hasPrefix("socportal_session=") }?.split(separator: ";")[0])
        return [.cookie: String(cookie)]
    }
}

@Suite struct UnknownTenantTests {
    /// A tenant id the store has never seen (a typo) is refused, unless the key or the request says to create it.
    @Test func anIncidentForAnUnknownTenantIsRefused() async throws {
        let t = try await TestServer()
        let publisher = try await APIKeys.create(in: t.store, name: "publisher", scopes: [.publish])
        try await t.test { client in
            let refused = try await client.call(
                .post, "/api/v1/incidents", token: publisher, json: Documents.incident())
            #expect(refused.status == .unprocessableContent)
            #expect(
                refused.problems == [
                    #"$.tenant.id: unknown tenant "acme": ingest its tenants document first, or publish with ?createTenant=true or a key with the tenants scope"#
                ])
            #expect(try await t.store.tenant("acme") == nil, "nothing stored")
            #expect(
                !FileManager.default.fileExists(atPath: t.portal.appendingPathComponent("acme").path), "no folder made")
            let asked = try await client.call(
                .post, "/api/v1/incidents?createTenant=true", token: publisher, json: Documents.incident())
            #expect(asked.status == .created, "\(asked.text)")
            // Now known: the plain request goes ahead.
            #expect(
                try await client.call(
                    .post, "/api/v1/incidents", token: publisher, json: Documents.incident(id: "INC-2")
                ).status == .created)
            let scoped = try await client.call(
                .post, "/api/v1/incidents", token: t.all, json: Documents.incident(tenant: "globex"))
            #expect(scoped.status == .created, "a key with the tenants scope creates it")
        }
    }
}
