import Foundation
import HTTPTypes
import Hummingbird
import SOCStore

/// Sign-in, sign-out and password change. Every form carries a CSRF token: the session's, or before
/// sign-in a random one in a cookie the form must repeat. The sign-in form carries `next`, the page
/// asked for (a mail's link, say), to return to once signed in.
struct SigninRoutes<Context: PortalRequestContext>: Sendable {
    let responder: PortalPagesResponder
    let sessions: Sessions
    let throttle: SigninThrottle
    let clientAddress: ClientAddress
    let accounts: Accounts

    struct SigninForm: Decodable { var csrf: String?; var email: String?; var password: String?; var next: String? }
    struct PasswordForm: Decodable { var csrf: String?; var current: String?; var new: String? }
    struct CSRFForm: Decodable { var csrf: String? }

    func register(on group: RouterGroup<Context>) {
        group.get("login") { request, context in
            let next = request.uri.queryParameters["next"].map(String.init)
            if context.portalSession != nil { return responder.redirect(Self.localTarget(next)) }
            return await signinPage(request, status: .ok, error: nil, email: "", next: next)
        }
        group.post("login") { request, context in try await signIn(request, context) }
        group.post("logout") { request, context in
            let session = try requireSession(context)
            try await checkCSRF(request, context, expected: session.csrfToken)
            return responder.redirect("/login", cookies: [try await sessions.end(session)])
        }
        group.get("password") { request, context in
            let session = try requireSession(context)
            return await passwordPage(request, session, status: .ok, error: nil, done: false)
        }
        group.post("password") { request, context in
            let session = try requireSession(context)
            let form = try await URLEncodedFormDecoder().decode(PasswordForm.self, from: request, context: context)
            guard SecretToken.matches(form.csrf, session.csrfToken) else { throw HTTPError(.forbidden) }
            let t = responder.pages.wording(await responder.language(request, session: session))
            guard let current = form.current, let new = form.new, Passwords.problem(with: new) == nil else {
                return await passwordPage(
                    request, session, status: .badRequest, error: t["web.passwordRejected"], done: false)
            }
            // The current password is guessed no faster here than at sign-in.
            let client = clientAddress.client(request, peer: context.remoteAddress?.ipAddress)
            if let wait = try await throttle.claim(email: session.user.email, client: client) {
                var response = await passwordPage(
                    request, session, status: .tooManyRequests,
                    error: t["web.tooMany"] + " " + t.format("web.retryAfter", ["seconds": wait]), done: false)
                response.headers[.retryAfter] = String(wait)
                return response
            }
            guard try await accounts.signIn(email: session.user.email, password: current) != nil else {
                return await passwordPage(
                    request, session, status: .badRequest, error: t["web.passwordRejected"], done: false)
            }
            try await throttle.succeeded(email: session.user.email, client: client)
            try await accounts.setPassword(email: session.user.email, new, keepingSession: session.idHash)
            return await passwordPage(request, session, status: .ok, error: nil, done: true)
        }
    }

    private func signIn(_ request: Request, _ context: Context) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(SigninForm.self, from: request, context: context)
        guard SecretToken.matches(form.csrf, request.cookies[Sessions.signinCookieName]?.value ?? "") else {
            throw HTTPError(.forbidden)
        }
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces)
        let client = clientAddress.client(request, peer: context.remoteAddress?.ipAddress)
        let t = responder.pages.wording(await responder.language(request, session: nil))
        if let wait = try await throttle.claim(email: email, client: client) {
            var response = await signinPage(
                request, status: .tooManyRequests,
                error: t["web.tooMany"] + " " + t.format("web.retryAfter", ["seconds": wait]),
                email: email, next: form.next)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        let password = form.password ?? ""
        guard let user = try await accounts.signIn(email: email, password: password) else {
            return await signinPage(
                request, status: .unauthorized, error: t["web.signInFailed"], email: email, next: form.next)
        }
        try await throttle.succeeded(email: email, client: client)
        let cookie = try await sessions.start(for: user, replacing: request)
        // Staff land on the workbench unless they came for a page.
        let target = form.next == nil && user.isStaff ? StaffPaths.home : Self.localTarget(form.next)
        return responder.redirect(
            target, cookies: [cookie, sessions.cookie(Sessions.signinCookieName, value: "", maxAge: 0)])
    }

    /// The sign-in form with a fresh CSRF token, set in its cookie too; `next`, when it is a page of
    /// this site, goes along in the form.
    func signinPage(_ request: Request, status: HTTPResponse.Status, error: String?, email: String, next: String?) async
        -> Response
    {
        let language = await responder.language(request, session: nil)
        let token = SecretToken.generate()
        var view: [String: Any] = ["csrf": token, "email": email]
        if let error { view["error"] = error }
        if let next, Self.localTarget(next) == next { view["next"] = next }
        var response = responder.html(
            responder.pages.page(
                "login", language: language, title: responder.pages.wording(language)["web.signIn"], view: view),
            status: status)
        response.setCookie(sessions.cookie(Sessions.signinCookieName, value: token, maxAge: 3600))
        return response
    }

    private func passwordPage(
        _ request: Request, _ session: PortalSession, status: HTTPResponse.Status, error: String?, done: Bool
    ) async -> Response {
        let language = await responder.language(request, session: session)
        var view: [String: Any] = ["done": done]
        if let error { view["error"] = error }
        return responder.html(
            responder.pages.page(
                "password", language: language, title: responder.pages.wording(language)["web.changePassword"],
                viewer: responder.viewer(session), view: view), status: status)
    }

    /// Where to go after sign-in: `next` when it is a path of this site, else "/". Only "/" followed by
    /// anything but "/" or "\" (which browsers read as another host: "//evil.example", "/\evil.example"),
    /// in printable ASCII (no header splitting, no scheme, no white space browsers strip), so a link can
    /// never send a signed-in user elsewhere.
    static func localTarget(_ next: String?) -> String {
        guard let next, next.utf8.count <= 2048, next.hasPrefix("/"), !next.hasPrefix("//"),
            next.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") })
        else { return "/" }
        return next
    }

    private func checkCSRF(_ request: Request, _ context: Context, expected: String) async throws {
        let form = try await URLEncodedFormDecoder().decode(CSRFForm.self, from: request, context: context)
        guard SecretToken.matches(form.csrf, expected) else { throw HTTPError(.forbidden) }
    }
}

func requireSession(_ context: some PortalRequestContext) throws -> PortalSession {
    guard let session = context.portalSession else { throw HTTPError(.unauthorized) }
    return session
}
