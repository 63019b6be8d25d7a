import Foundation
import HTTPTypes
import Hummingbird
import SOCStore

/// Session cookies: a random id the browser holds (a `SecretToken`), whose hash the store keeps with the
/// user, the expiry and the session's CSRF token.
public struct Sessions: Sendable {
    public static let cookieName = "socportal_session"
    /// The sign-in form's CSRF token before there is a session (double-submit: cookie and field must match).
    static let signinCookieName = "socportal_signin"

    let store: Store
    let lifetime: TimeInterval
    /// Set `Secure` on cookies: the portal is served over TLS.
    let secure: Bool

    /// A new session for `user`, in place of any the request's cookie names (a session id is never
    /// carried across a sign-in): stored, and the cookie that carries it.
    func start(for user: PortalUser, replacing request: Request, now: Date = Date()) async throws -> Cookie {
        let id = SecretToken.generate()
        let expires = now.addingTimeInterval(lifetime)
        let previous = request.cookies[Self.cookieName].map { SecretToken.hash($0.value) }
        try await store.createSession(
            idHash: SecretToken.hash(id), userID: user.id, csrfToken: SecretToken.generate(),
            expiresEpoch: expires.timeIntervalSince1970, replacing: previous, now: now.timeIntervalSince1970)
        return cookie(Self.cookieName, value: id, maxAge: Int(lifetime))
    }

    /// The live session the request's cookie names, if any.
    func current(_ request: Request, now: Date = Date()) async throws -> PortalSession? {
        guard let id = request.cookies[Self.cookieName]?.value, !id.isEmpty else { return nil }
        return try await store.session(idHash: SecretToken.hash(id), now: now.timeIntervalSince1970)
    }

    func end(_ session: PortalSession, now: Date = Date()) async throws -> Cookie {
        try await store.deleteSession(idHash: session.idHash, now: now.timeIntervalSince1970)
        return cookie(Self.cookieName, value: "", maxAge: 0)
    }

    func cookie(_ name: String, value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}

/// Finds the request's session and puts it into the context; routes decide what needs one.
struct SessionMiddleware<Context: PortalRequestContext>: RouterMiddleware {
    let sessions: Sessions

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        context.portalSession = try await sessions.current(request)
        return try await next(request, context)
    }
}

/// Sign-in attempts are counted in the store before the password is checked: 5 a minute from a client
/// address, and 5 for an address in a window that doubles each time it fills up (1, 2, 4… minutes, at
/// most an hour), so a guesser slows down more and more while the owner, whose sign-in resets the count,
/// waits at worst until the window ends. Beyond that an attempt waits and no password is checked.
/// Every server process sharing the store counts together; concurrent attempts cannot pass together.
struct SigninThrottle: Sendable {
    static let perAccount = ThrottleRule(limit: 5, window: 60, growth: 2, maxWindow: 3600)
    static let perClient = ThrottleRule(limit: 5, window: 60)

    let store: Store

    static func accountKey(_ email: String) -> String { "email:" + email.lowercased() }
    static func clientKey(_ client: String) -> String { "client:" + client }

    /// Counts an attempt for `email` from `client`: nil when it may go ahead, else the seconds to wait.
    func claim(email: String, client: String, now: Date = Date()) async throws -> Int? {
        let keys = [(Self.accountKey(email), Self.perAccount), (Self.clientKey(client), Self.perClient)]
        return try await store.claimSigninAttempt(keys, now: now.timeIntervalSince1970).map { Int($0.rounded(.up)) }
    }

    /// The password was right: the address starts afresh, and the client's attempt is given back (the
    /// users behind one office address signing in do not keep each other out).
    func succeeded(email: String, client: String) async throws {
        try await store.signinSucceeded(cleared: Self.accountKey(email), refunded: Self.clientKey(client))
    }
}
