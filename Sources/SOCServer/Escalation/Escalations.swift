import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Prometheus
import SOCMail
import SOCModel
import SOCPublishing
import SOCStore
import SOCTemplates
import ServiceLifecycle

/// How escalations are made: when (`--escalation-after` overrides every tenant's `escalationMinutes`) and
/// whether a paging system is told (`--webhook` with its `--webhook-secret`).
public struct EscalationSettings: Sendable {
    public var after: TimeInterval?
    public var webhook: URL?
    public var webhookSecret: String?
    /// A webhook attempt's lease (the server sets the mail's, `mail.leaseSeconds`), and the backoff between
    /// failed attempts (2 s doubling, at most an hour, 20 attempts).
    public var retry = RetryPolicy(lease: 300, firstDelay: 2, maximumDelay: 3600, maximumAttempts: 20)

    public init() {}
}

/// Escalates, as a swift-service-lifecycle `Service` polling the store: a critical or serious revision whose
/// first mail the relay accepted and that nobody acknowledged within the tenant's escalation time gets one
/// escalation mail per escalation contact and, when configured, a signed JSON POST to the paging system.
/// The store's claim makes each happen once, whichever process (or replica) gets there first, also after a
/// restart; a failing webhook is retried with backoff, and one whose deliverer died is taken up after its lease.
public struct EscalationService: Service, CustomStringConvertible {
    let store: Store
    let settings: EscalationSettings
    let notifications: NotificationSettings
    let wordings: [Language: Wording]
    let interval: Duration
    let registry: PrometheusCollectorRegistry?
    let logger: Logger

    public init(
        store: Store, settings: EscalationSettings, notifications: NotificationSettings, wordings: [Language: Wording],
        interval: Duration = .seconds(2), registry: PrometheusCollectorRegistry? = nil,
        logger: Logger = Logger(label: "socreport.escalation")
    ) {
        self.store = store; self.settings = settings; self.notifications = notifications; self.wordings = wordings
        self.interval = interval; self.registry = registry; self.logger = logger
    }

    /// `socreport_escalations_total{outcome}`: escalated, and each webhook attempt sent, retrying or failed.
    private func count(_ outcome: String) {
        registry?.makeCounter(
            descriptor: .socreport(
                "escalations", unit: "total", help: "Escalations made, and their webhook attempts by outcome."),
            labels: [("outcome", outcome)]
        ).increment()
    }

    /// Its name in swift-service-lifecycle's log lines, which would otherwise print every field, the webhook's secret among them.
    public var description: String { "EscalationService" }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await round()
            let interval = interval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// How far back a notification may escalate: the longest escalation time and a margin. Revisions mailed
    /// before the server escalated at all (an upgrade, a store restored) are not paged about all at once.
    static var lookBack: TimeInterval { 2 * 24 * 3600 }

    /// One pass: escalate what is due, then deliver the webhooks that are due. Returns how many revisions this
    /// pass escalated. A revision that cannot be escalated (its escalation contact's address, say) is logged
    /// and does not hold up the others.
    @discardableResult
    package func round(now: Date = Date()) async -> Int {
        var escalated = 0
        do {
            for due in try await store.unacknowledgedNotifications(since: now.addingTimeInterval(-Self.lookBack)) {
                do {
                    if try await escalate(due, now: now) { escalated += 1 }
                } catch {
                    logger.error(
                        "escalation failed",
                        metadata: [
                            "tenant": "\(due.tenantID)", "incident": "\(due.incidentID)",
                            "revision": "\(due.revision)", "error": "\(error)",
                        ])
                }
            }
            if let url = settings.webhook, let secret = settings.webhookSecret {
                // Side by side, each with its own timeout: an unreachable paging system holds the next round's
                // escalations up by one timeout, not one per webhook, and one failure does not stop the others.
                let claims = try await store.claimDueWebhooks(now: now, lease: settings.retry.lease)
                await withTaskGroup(of: Void.self) { group in
                    for claim in claims {
                        group.addTask {
                            do { try await deliver(claim, to: url, secret: secret) } catch {
                                logger.error(
                                    "escalation webhook not recorded",
                                    metadata: ["incident": "\(claim.incidentID)", "error": "\(error)"])
                            }
                        }
                    }
                }
            }
        } catch {
            logger.error("escalation round failed", metadata: ["error": "\(error)"])
        }
        return escalated
    }

    private func escalate(_ due: Unacknowledged, now: Date) async throws -> Bool {
        guard let notified = Timestamp(rfc3339: due.notifiedAt), let tenant = try await store.tenant(due.tenantID),
            now.timeIntervalSince(notified.date) >= tenant.escalationDelay(override: settings.after),
            let incident = try await store.incident(tenantID: due.tenantID, id: due.incidentID, revision: due.revision),
            let wording = wordings[incident.reportLanguage]
        else { return false }
        let escalation = try Escalation(
            incident: incident, tenant: tenant, notifiedAt: due.notifiedAt, escalatedAt: now, wording: wording,
            settings: notifications)
        guard
            try await store.escalate(
                tenantID: due.tenantID, incidentID: due.incidentID, revision: due.revision, at: now,
                mails: escalation.mails, payload: escalation.payload, webhook: settings.webhook != nil)
        else { return false }
        count("escalated")
        logger.notice(
            "escalated: not acknowledged in time",
            metadata: [
                "tenant": "\(due.tenantID)", "incident": "\(due.incidentID)", "revision": "\(due.revision)",
                "mails": "\(escalation.mails.count)",
            ])
        return true
    }

    /// POSTs the payload with `X-Socreport-Signature: sha256=<HMAC-SHA256 of the body>`; a 2xx answer is delivered,
    /// anything else waits for the next attempt until the attempts run out. A deliverer that dies mid-POST leaves
    /// the receiver unsure whether it got through, so the POST is made again after the lease: every attempt
    /// carries the same `Idempotency-Key` (`tenant/incident/rN`) for the paging system to page once.
    private func deliver(_ claim: ClaimedWebhook, to url: URL, secret: String) async throws {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(
            name: "X-Socreport-Signature", value: "sha256=" + SecretToken.signature(claim.payload, secret: secret))
        request.headers.add(name: "Idempotency-Key", value: "\(claim.tenantID)/\(claim.incidentID)/r\(claim.revision)")
        request.body = .bytes(ByteBuffer(bytes: claim.payload))
        let answer: String, delivered: Bool
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            answer = "HTTP \(response.status.code)"
            delivered = (200..<300).contains(Int(response.status.code))
        } catch {
            answer = "\(error)"
            delivered = false
        }
        if delivered {
            try await store.markWebhook(claim, state: .sent, answer: answer)
            count("webhook_sent")
        } else if claim.attempt >= settings.retry.maximumAttempts {
            try await store.markWebhook(claim, state: .failed, answer: answer)
            count("webhook_failed")
            logger.error(
                "escalation webhook failed for good",
                metadata: ["incident": "\(claim.incidentID)", "answer": "\(answer)"])
        } else {
            try await store.markWebhook(
                claim, state: .pending, answer: answer,
                next: Date().addingTimeInterval(settings.retry.delay(afterAttempt: claim.attempt)))
            count("webhook_retrying")
            logger.warning(
                "escalation webhook deferred", metadata: ["incident": "\(claim.incidentID)", "answer": "\(answer)"])
        }
    }
}
