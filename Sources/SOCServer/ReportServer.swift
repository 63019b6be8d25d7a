import Foundation
import Hummingbird
import Logging
import NIOPosix
import SOCEngine
import SOCMail
import SOCPages
import SOCPortal
import SOCPublishing
import SOCStore
import SOCTemplates
import SOCWeb
import ServiceLifecycle

/// `socreport serve`: the store, the portal and one pool of warm render workers behind an HTTP API.
///
/// Everything long-running is a `Service` in one `ServiceGroup`: the render pool, the HTTP
/// application, and whatever else is added (`services`, e.g. mail delivery). On SIGTERM or SIGINT the
/// group shuts them down in reverse order: the application stops accepting connections and finishes the
/// requests in flight, monthly runs start no further tenant (the next start resumes them), then the
/// render pool ends after the jobs running.
public struct ReportServer: Sendable {
    public let config: ServerConfig
    public let store: Store
    public let portal: Portal
    public let pool: RenderPool
    public let metrics: ServerMetrics
    public let monthlyRuns: MonthlyRuns
    public let home: ResourceHome
    public let pages: PortalPages
    /// The mail relay's session refusals, shared by the deliverer and `/readyz`.
    public let relayHealth = RelayHealth()
    public let logger: Logger

    /// Opens the store and portal and loads one engine per worker; fails before listening when any is unusable.
    public init(
        config: ServerConfig, logger: Logger = Logger(label: "socreport.serve"),
        metrics: ServerMetrics = ServerMetrics()
    ) throws {
        self.config = config
        self.logger = logger
        self.metrics = metrics
        store = try Store(location: config.db)
        home = try ResourceHome.locate()
        pages = try PortalPages(home: home)
        portal = try Portal(root: URL(fileURLWithPath: config.portal), indexPage: IndexPage(pages: pages))
        pool = try RenderPool(home: home, workers: config.workers, queueLimit: config.queueLimit)
        monthlyRuns = MonthlyRuns(store: store, portal: portal, pool: pool, metrics: metrics, logger: logger)
    }

    /// The routes: health and metrics at the root, the API under `/api/v1`, TAXII under `/taxii2`, the customer portal's pages
    /// and the staff's workbench (`PortalRoutes`) beside them; the workbench publishes as the API does.
    public func router() -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        if secureCookies { router.add(middleware: StrictTransportMiddleware()) }
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ProblemMiddleware())
        health(details: config.adminListen == nil).add(to: router)
        let api = APIRoutes(
            store: store, portal: portal, pool: pool, monthlyRuns: monthlyRuns, metrics: metrics,
            notifications: config.mail.smtp == nil ? nil : config.mail.notifications,
            maxBodyBytes: config.maxBodyBytes)
        api.add(to: router)
        TAXIIRoutes(store: store, maxContentLength: config.maxBodyBytes).add(to: router)
        // Cookies are Secure when the portal's public address is https (TLS ends at a proxy in front).
        PortalRoutes<ServerContext>(
            settings: PortalSettings(
                store: store, portal: portal, pages: pages, secureCookies: secureCookies,
                trustedProxies: config.trustedProxies, publisher: api.publisher, formLimit: config.maxBodyBytes)
        ).register(on: router)
        return router
    }

    /// The portal's public address is https: TLS ends at a proxy in front.
    private var secureCookies: Bool { config.mail.publicURL?.scheme?.lowercased() == "https" }

    /// The admin listener's routes (`adminListen`): health, readiness with its details, and metrics.
    public func adminRouter() -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: ProblemMiddleware())
        health(details: true).add(to: router)
        return router
    }

    /// Health, readiness and, with `details`, metrics and what is not ready (the relay's refusals among it).
    private func health(details: Bool) -> HealthRoutes {
        HealthRoutes(
            store: store, pool: pool, templates: home.templates, metrics: metrics,
            relay: config.mail.smtp == nil ? nil : relayHealth, details: details)
    }

    /// The HTTP application over `router` (the server's routes by default), listening on the configured address.
    public func application(router: Router<ServerContext>? = nil) -> some ApplicationProtocol {
        Application(
            router: router ?? self.router(),
            // An idle connection (a client that stopped, a slow-loris) is closed instead of held open forever.
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(config.idleTimeout * 1_000_000_000)))),
            configuration: .init(
                address: .hostname(config.listen.host, port: config.listen.port), serverName: "socreport"),
            logger: logger)
    }

    /// The admin listener's application, when `adminListen` is set. It runs on an event loop of its own, so that
    /// health checks and metrics answer at once while the public listener's loops are busy with pages (the first
    /// morning of a month) or blocked.
    public func adminApplication() -> Application<RouterResponder<ServerContext>>? {
        config.adminListen.map { address in
            Application(
                router: adminRouter(),
                configuration: .init(address: .hostname(address.host, port: address.port), serverName: "socreport"),
                eventLoopGroupProvider: .shared(Self.adminEventLoop),
                logger: logger)
        }
    }

    /// One thread for the process's lifetime, like NIO's own singleton group the public listener runs on.
    private static let adminEventLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// The deliverer of the mail queue, when a relay is configured.
    public func mailDelivery() throws -> MailDeliveryService? {
        guard var smtp = config.mail.smtp else { return nil }
        smtp.caFile = config.mail.smtpCA
        let delivery = MailDelivery(
            store: store, client: try SMTPClient(settings: smtp),
            policy: RetryPolicy(lease: config.mail.leaseSeconds),
            onNotified: ManifestNotification(store: store, indexPage: portal.indexPage).record,
            health: relayHealth, logger: logger)
        return MailDeliveryService(delivery: delivery, registry: metrics.registry, logger: logger)
    }

    /// The escalations: unacknowledged critical and serious revisions, their mails and webhook.
    public func escalations() -> EscalationService {
        var settings = config.escalation
        // One lease for every claimed delivery: a mail's, a webhook's.
        settings.retry.lease = config.mail.leaseSeconds
        return EscalationService(
            store: store, settings: settings, notifications: config.mail.notifications, wordings: pages.wordings,
            registry: metrics.registry, logger: logger)
    }

    /// Runs the render pool, the monthly runs (resuming those a previous process left running), mail
    /// delivery, escalations, the application and `services` until SIGTERM or SIGINT, then shuts down gracefully.
    public func run(services: [any Service] = []) async throws {
        let application = application()
        let mail: [any Service] = (try mailDelivery().map { [$0] } ?? []) + [escalations()]
        let admin: [any Service] = adminApplication().map { [$0] } ?? []
        let group = ServiceGroup(
            configuration: .init(
                services: [pool, monthlyRuns] + mail + services + admin + [application],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}
