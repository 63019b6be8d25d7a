import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import SOCStore

/// Session cookies: a random id the browser holds, whose SHA-256 the store keeps with the user, the
/// expiry and the session's CSRF token.
public struct Sessions: Sendable {
    public static let cookieName = "socportal_session"
    /// The sign-in form's CSRF token before there is a session (double-submit: cookie and field must match).
    static let signinCookieName = "socportal_signin"

    let store: Store
    let lifetime: TimeInterval
    /// Set `Secure` on cookies: the portal is served over TLS.
    let secure: Bool

    /// A new session for `user`: stored, and the cookie that carries it.
    func start(for user: PortalUser, now: Date = Date()) async throws -> Cookie {
        let id = Self.randomToken()
        let expires = now.addingTimeInterval(lifetime)
        try await store.createSession(idHash: Self.hash(id), userID: user.id, csrfToken: Self.randomToken(), expiresEpoch: expires.timeIntervalSince1970)
        return cookie(Self.cookieName, value: id, maxAge: Int(lifetime))
    }

    /// The live session the request's cookie names, if any.
    func current(_ request: Request, now: Date = Date()) async throws -> PortalSession? {
        guard let id = request.cookies[Self.cookieName]?.value, !id.isEmpty else { return nil }
        return try await store.session(idHash: Self.hash(id), now: now.timeIntervalSince1970)
    }

    func end(_ session: PortalSession, now: Date = Date()) async throws -> Cookie {
        try await store.deleteSession(idHash: session.idHash, now: now.timeIntervalSince1970)
        return cookie(Self.cookieName, value: "", maxAge: 0)
    }

    func cookie(_ name: String, value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// 256 random bits, hex (cookie- and form-safe).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(16) }.joined()
    }

    static func hash(_ id: String) -> String {
        SHA256.hash(data: Data(id.utf8)).map { String($0, radix: 16).leftPadded(2) }.joined()
    }

    /// Compares tokens in time independent of where they differ.
    static func tokensMatch(_ a: String?, _ b: String) -> Bool {
        guard let a, a.utf8.count == b.utf8.count, !b.isEmpty else { return false }
        return zip(a.utf8, b.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// Finds the request's session and puts it into the context; routes decide what needs one.
struct SessionMiddleware<Context: PortalRequestContext>: RouterMiddleware {
    let sessions: Sessions

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.portalSession = try await sessions.current(request)
        return try await next(request, context)
    }
}

/// After 5 failed sign-ins within a minute for an address or from a client address, further attempts
/// wait. The failures live in the store, so every server process sharing it counts them together.
struct SigninThrottle: Sendable {
    static let limit = 5
    static let window: TimeInterval = 60

    let store: Store

    static func keys(email: String, client: String) -> [String] { ["email:" + email.lowercased(), "client:" + client] }

    /// Seconds to wait before trying again, or nil when an attempt may go ahead.
    func wait(email: String, client: String, now: Date = Date()) async throws -> Int? {
        let since = now.timeIntervalSince1970 - Self.window
        let blocked = try await store.signinFailures(keys: Self.keys(email: email, client: client), since: since).filter { $0.count >= Self.limit }
        guard let oldest = blocked.map(\.oldest).min() else { return nil }
        return max(1, Int((oldest + Self.window - now.timeIntervalSince1970).rounded(.up)))
    }

    func recordFailure(email: String, client: String, now: Date = Date()) async throws {
        let epoch = now.timeIntervalSince1970
        try await store.recordSigninFailure(keys: Self.keys(email: email, client: client), at: epoch, keepSince: epoch - Self.window)
    }
}
