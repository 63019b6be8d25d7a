import Foundation
import HTTPTypes
import Hummingbird
import SOCPages
import SOCPortal
import SOCStore

/// What the portal runs on: the store (users, sessions, incidents), the portal folder and the pages.
public struct PortalSettings: Sendable {
    public var store: Store
    public var portal: Portal
    public var pages: PortalPages
    /// `Secure` cookies: set when the portal is served over TLS.
    public var secureCookies: Bool
    public var sessionLifetime: TimeInterval
    /// bcrypt cost of passwords changed through the pages.
    public var passwordCost: UInt8
    /// Proxies whose `X-Forwarded-For` names the client (for the sign-in throttle); none by default.
    public var trustedProxies: [IPNetwork]
    /// How the workbench publishes an approved draft; without it, approving answers that this server cannot publish.
    public var publisher: (any IncidentPublishing)?
    /// The largest workbench form accepted, in bytes.
    public var formLimit: Int

    public init(
        store: Store, portal: Portal, pages: PortalPages, secureCookies: Bool,
        sessionLifetime: TimeInterval = 8 * 3600, passwordCost: UInt8 = Passwords.defaultCost,
        trustedProxies: [IPNetwork] = [],
        publisher: (any IncidentPublishing)? = nil, formLimit: Int = 8 * 1024 * 1024
    ) {
        self.store = store; self.portal = portal; self.pages = pages; self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime; self.passwordCost = passwordCost; self.trustedProxies = trustedProxies
        self.publisher = publisher; self.formLimit = formLimit
    }
}

/// The customer portal's routes, mounted on any router whose context is a `PortalRequestContext`:
///
///     GET  /login, POST /login, POST /logout, GET|POST /password
///     GET  /                                   customers: their reports; staff: the tenant list
///     GET  /t/{tenant}/reports                 ?month=YYYY-MM&severity=&kind=&q=&page=
///     GET  /t/{tenant}/reports/{kind}/{id}     every revision of one report
///     GET  /t/{tenant}/files/{path}            a file the tenant's manifest lists (?view=1 to open inline)
///     POST /t/{tenant}/reports/incident/{id}/ack   a customer acknowledges a revision
///     GET|POST /ack/{token}                    a notification mail's acknowledgement link
///     GET  /staff/board                        staff: the operations board
///     GET  /static/portal.css, /static/{ack,board}.js
///     /staff…                                  the analyst's workbench (`StaffRoutes`)
public struct PortalRoutes<Context: PortalRequestContext>: Sendable {
    let settings: PortalSettings

    public init(settings: PortalSettings) { self.settings = settings }

    public func register(on router: Router<Context>) {
        let responder = PortalPagesResponder(pages: settings.pages, store: settings.store)
        let sessions = Sessions(
            store: settings.store, lifetime: settings.sessionLifetime, secure: settings.secureCookies)
        let signin = SigninRoutes<Context>(
            responder: responder, sessions: sessions, throttle: SigninThrottle(store: settings.store),
            clientAddress: ClientAddress(trustedProxies: settings.trustedProxies),
            accounts: Accounts(store: settings.store, cost: settings.passwordCost))
        let group = router.group()
            .add(middleware: portalContentSecurity())
            .add(middleware: SessionMiddleware(sessions: sessions))
            .add(middleware: PortalResponseMiddleware(pages: responder, signin: signin))
        let stylesheet = settings.pages.stylesheet
        group.get("static/portal.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: stylesheet)))
        }
        for (name, script) in settings.pages.scripts {
            group.get("static/\(name)") { _, _ in
                Response(
                    status: .ok,
                    headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                    body: .init(byteBuffer: ByteBuffer(string: script)))
            }
        }
        signin.register(on: group)
        ReportRoutes<Context>(responder: responder, store: settings.store, portal: settings.portal).register(on: group)
        AckRoutes<Context>(responder: responder, store: settings.store).register(on: group)
        BoardRoutes<Context>(responder: responder, store: settings.store).register(on: group)
        StaffRoutes<Context>(
            responder: responder, store: settings.store, publisher: settings.publisher, formLimit: settings.formLimit
        ).register(on: group)
        // Any other page: the portal's 404, with its headers, rather than the router's bare one.
        group.get("**") { _, _ -> Response in throw HTTPError(.notFound) }
    }
}
