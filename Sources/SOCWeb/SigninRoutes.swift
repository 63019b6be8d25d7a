import Foundation
import HTTPTypes
import Hummingbird
import SOCStore

/// Sign-in, sign-out and password change. Every form carries a CSRF token: the session's, or before
/// sign-in a random one in a cookie the form must repeat.
struct SigninRoutes<Context: PortalRequestContext>: Sendable {
    let responder: PortalPagesResponder
    let sessions: Sessions
    let throttle: SigninThrottle
    let accounts: Accounts

    struct SigninForm: Decodable { var csrf: String?; var email: String?; var password: String? }
    struct PasswordForm: Decodable { var csrf: String?; var current: String?; var new: String? }
    struct CSRFForm: Decodable { var csrf: String? }

    func register(on group: RouterGroup<Context>) {
        group.get("login") { request, context in
            if context.portalSession != nil { return responder.redirect("/") }
            return await signinPage(request, status: .ok, error: nil, email: "")
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
            guard Sessions.tokensMatch(form.csrf, session.csrfToken) else { throw HTTPError(.forbidden) }
            let t = responder.pages.wording(await responder.language(request, session: session))
            guard let current = form.current, let new = form.new, Passwords.problem(with: new) == nil,
                  try await accounts.signIn(email: session.user.email, password: current) != nil else {
                return await passwordPage(request, session, status: .badRequest, error: t["web.passwordRejected"], done: false)
            }
            try await accounts.setPassword(email: session.user.email, new, keepingSession: session.idHash)
            return await passwordPage(request, session, status: .ok, error: nil, done: true)
        }
    }

    private func signIn(_ request: Request, _ context: Context) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(SigninForm.self, from: request, context: context)
        guard Sessions.tokensMatch(form.csrf, request.cookies[Sessions.signinCookieName]?.value ?? "") else { throw HTTPError(.forbidden) }
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces)
        let client = context.remoteAddress?.ipAddress ?? "unknown"
        let t = responder.pages.wording(await responder.language(request, session: nil))
        if let wait = try await throttle.wait(email: email, client: client) {
            var response = await signinPage(request, status: .tooManyRequests, error: t["web.tooMany"] + " " + t.format("web.retryAfter", ["seconds": wait]), email: email)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        let password = form.password ?? ""
        guard let user = try await accounts.signIn(email: email, password: password) else {
            try await throttle.recordFailure(email: email, client: client)
            return await signinPage(request, status: .unauthorized, error: t["web.signInFailed"], email: email)
        }
        return responder.redirect("/", cookies: [try await sessions.start(for: user), sessions.cookie(Sessions.signinCookieName, value: "", maxAge: 0)])
    }

    /// The sign-in form with a fresh CSRF token, set in its cookie too.
    private func signinPage(_ request: Request, status: HTTPResponse.Status, error: String?, email: String) async -> Response {
        let language = await responder.language(request, session: nil)
        let token = Sessions.randomToken()
        var view: [String: Any] = ["csrf": token, "email": email]
        if let error { view["error"] = error }
        var response = responder.html(responder.pages.page("login", language: language, title: responder.pages.wording(language)["web.signIn"], view: view),
                                      status: status)
        response.setCookie(sessions.cookie(Sessions.signinCookieName, value: token, maxAge: 3600))
        return response
    }

    private func passwordPage(_ request: Request, _ session: PortalSession, status: HTTPResponse.Status, error: String?, done: Bool) async -> Response {
        let language = await responder.language(request, session: session)
        var view: [String: Any] = ["done": done]
        if let error { view["error"] = error }
        return responder.html(responder.pages.page("password", language: language, title: responder.pages.wording(language)["web.changePassword"],
                                                   viewer: responder.viewer(session), view: view), status: status)
    }

    private func checkCSRF(_ request: Request, _ context: Context, expected: String) async throws {
        let form = try await URLEncodedFormDecoder().decode(CSRFForm.self, from: request, context: context)
        guard Sessions.tokensMatch(form.csrf, expected) else { throw HTTPError(.forbidden) }
    }
}

func requireSession(_ context: some PortalRequestContext) throws -> PortalSession {
    guard let session = context.portalSession else { throw HTTPError(.unauthorized) }
    return session
}
