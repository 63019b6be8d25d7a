import Foundation
import Logging
import Prometheus
import SOCStore
import ServiceLifecycle

/// The server's deliverer: polls the queue and sends what is due, as a swift-service-lifecycle
/// `Service`. On graceful shutdown it finishes the round in progress (every mail it claimed gets its
/// answer recorded) and stops; a round cut short by a crash is picked up after the lease.
public struct MailDeliveryService: Service, CustomStringConvertible {
    public let delivery: MailDelivery
    public let interval: Duration
    let metrics: MailMetrics?
    let logger: Logger

    public init(
        delivery: MailDelivery, interval: Duration = .seconds(2), registry: PrometheusCollectorRegistry? = nil,
        logger: Logger = Logger(label: "socreport.mail")
    ) {
        self.delivery = delivery
        self.interval = interval
        metrics = registry.map { MailMetrics(registry: $0) }
        self.logger = logger
    }

    /// Its name in swift-service-lifecycle's log lines, which would otherwise print every field, the relay's password among them.
    public var description: String { "MailDeliveryService" }

    public func run() async throws {
        logger.info("mail delivery started", metadata: ["relay": "\(delivery.client.settings.description)"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await round()
            let interval = interval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
        logger.info("mail delivery stopped")
    }

    /// One pass over the queue, and the metrics it changes.
    package func round() async {
        do {
            let outcome = try await delivery.deliverDue()
            metrics?.count(outcome)
            try await metrics?.measure(delivery.store)
        } catch {
            logger.error("mail delivery round failed", metadata: ["error": "\(error)"])
        }
    }
}

/// The queue's Prometheus figures: depth by state, mails sent, deferred and failed, failed relay sessions; the
/// 15-minute promise's figures: determination to the relay accepting the first mail, and revisions awaiting acknowledgement.
struct MailMetrics: Sendable {
    let depth: [MailState: Gauge]
    let notificationDelay: ValueHistogram
    let awaitingAcknowledgement: Gauge
    let sent: Counter
    let failed: Counter
    let deferred: Counter
    let sessionFailures: Counter

    init(registry: PrometheusCollectorRegistry) {
        depth = Dictionary(
            uniqueKeysWithValues: MailState.allCases.map { state in
                (
                    state,
                    registry.makeGauge(
                        descriptor: .socreport("mail_queue", help: "Notification mails in the queue, by state."),
                        labels: [("state", state.rawValue)])
                )
            })
        sent = registry.makeCounter(
            descriptor: .socreport("mails_sent", unit: "total", help: "Mails the relay accepted."))
        failed = registry.makeCounter(
            descriptor: .socreport("mails_failed", unit: "total", help: "Mails refused for good."))
        deferred = registry.makeCounter(
            descriptor: .socreport("mails_deferred", unit: "total", help: "Temporary failures, retried later."))
        sessionFailures = registry.makeCounter(
            descriptor: .socreport(
                "mail_session_failures", unit: "total",
                help:
                    "Delivery rounds whose relay session failed (refused greeting, STARTTLS or AUTH, or no connection)."
            ))
        notificationDelay = registry.makeValueHistogram(
            descriptor: .socreport(
                "notification_delay", unit: "seconds",
                help:
                    "Time from an incident revision's determination to the relay accepting its first mail (the promise: 900)."
            ),
            buckets: [60, 300, 600, 900, 1800, 3600, 14400, 86400])
        awaitingAcknowledgement = registry.makeGauge(
            descriptor: .socreport(
                "revisions_awaiting_acknowledgement", help: "Incident revisions mailed and not yet acknowledged."))
    }

    func count(_ outcome: DeliveryOutcome) {
        sent.increment(by: Int64(outcome.sent))
        failed.increment(by: Int64(outcome.failed))
        deferred.increment(by: Int64(outcome.deferred))
        if outcome.sessionFailed { sessionFailures.increment() }
        for delay in outcome.notificationDelays { notificationDelay.record(delay) }
    }

    func measure(_ store: Store) async throws {
        let counts = try await store.mailCounts()
        for (state, gauge) in depth { gauge.set(Int64(counts[state] ?? 0)) }
        awaitingAcknowledgement.set(Int64(try await store.revisionsAwaitingAcknowledgement()))
    }
}
