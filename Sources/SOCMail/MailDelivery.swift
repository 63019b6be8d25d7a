import Foundation
import Logging
import SOCStore
import Synchronization

/// How the queue waits between attempts.
public struct RetryPolicy: Sendable {
    /// How long a claimed mail belongs to its deliverer; past it, the deliverer is taken to have died
    /// and the mail is sent again. A live deliverer renews the leases of its round every third of it.
    public var lease: TimeInterval
    /// The wait after the first temporary failure, doubled after each further one up to `maximumDelay`.
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval
    /// Attempts after which a temporary failure becomes final.
    public var maximumAttempts: Int

    public init(
        lease: TimeInterval = 300, firstDelay: TimeInterval = 60, maximumDelay: TimeInterval = 3600,
        maximumAttempts: Int = 30
    ) {
        self.lease = lease
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
    }

    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        min(maximumDelay, firstDelay * pow(2, Double(max(0, attempt - 1))))
    }
}

/// What one delivery round did.
public struct DeliveryOutcome: Sendable, Equatable {
    public var sent = 0
    /// Temporary failures, to be tried again.
    public var deferred = 0
    public var failed = 0
    /// The relay refused the session (or could not be reached): every mail claimed waits for its next attempt.
    public var sessionFailed = false
    /// For each revision whose first mail this round sent: seconds from its determination to the relay accepting it.
    public var notificationDelays: [Double] = []
    public init() {}
}

/// A revision whose notification the relay accepted, and its notification time: when the relay accepted its first mail.
public struct NotifiedRevision: Sendable, Equatable {
    public var tenantID: String
    public var incidentID: String
    public var revision: Int
    /// RFC 3339, as the store records it.
    public var time: String
}

/// Sends the store's queued mails through the relay: claim (state `sending` with a lease), send,
/// record the relay's answer — each step its own write, so a crash leaves every mail either recorded
/// as sent or due again once its lease runs out.
public struct MailDelivery: Sendable {
    public let store: Store
    public let client: SMTPClient
    public let policy: RetryPolicy
    /// Told of each mail the relay accepted with its revision's notification time, e.g. to write it into the
    /// portal's manifest; the same revision may be told again, with the same time. A throw is logged, not retried.
    public let onNotified: @Sendable (NotifiedRevision) async throws -> Void
    /// Whether the relay takes sessions, as the last round found it.
    public let health: RelayHealth
    let logger: Logger

    public init(
        store: Store, client: SMTPClient, policy: RetryPolicy = RetryPolicy(),
        onNotified: @escaping @Sendable (NotifiedRevision) async throws -> Void,
        health: RelayHealth = RelayHealth(), logger: Logger = Logger(label: "socreport.mail")
    ) {
        self.store = store
        self.client = client
        self.policy = policy
        self.onNotified = onNotified
        self.health = health
        self.logger = logger
        // Said once, when delivery is set up: the operator chose to let mail go in clear text.
        if let warning = client.settings.clearTextWarning { logger.warning("\(warning)") }
    }

    /// Sends every mail due now (of `ids` only, when given) over one connection. A round of many large
    /// mails can outlast the lease: it is renewed while the round runs, and a mail whose lease was lost
    /// all the same (the store unreachable for a lease) is left to whoever holds it now.
    public func deliverDue(ids: [Int64]? = nil) async throws -> DeliveryOutcome {
        let claimed = try await mintingAckTokens(store.claimDueMails(lease: policy.lease, ids: ids))
        var outcome = DeliveryOutcome()
        guard !claimed.isEmpty else { return outcome }
        let leases = Leases(claimed, lease: policy.lease)
        let renewal = Task { [store, logger] in await leases.renew(in: store, logger: logger) }
        defer { renewal.cancel() }
        var pending = claimed[...]
        do {
            try await client.withSession { session in
                health.accepted()
                while let next = pending.first {
                    guard leases.holds(next.mail.id) else {
                        logger.warning(
                            "mail lease lost; left to the deliverer that holds it",
                            metadata: ["mail": "\(next.mail.id)"])
                        pending = pending.dropFirst()
                        continue
                    }
                    do {
                        let reply = try await session.send(
                            from: next.mail.sender, to: [next.mail.recipient], message: next.message)
                        if let delay = try await recordSent(next.mail, answer: reply.description) {
                            outcome.notificationDelays.append(delay)
                        }
                        outcome.sent += 1
                    } catch let error as SMTPError where error.concernsOneMessage {
                        try await record(next.mail, error, in: &outcome)
                    }
                    pending = pending.dropFirst()
                }
            }
        } catch let error as SMTPError {
            // The relay refused the session (greeting, STARTTLS, AUTH) or the connection failed: no verdict
            // on any message, even a 5xx one, so every mail not yet answered waits for its next attempt.
            let refusal = health.refused(error.description)
            logger.error(
                "the mail relay session failed; \(pending.count) mails wait for their next attempt",
                metadata: [
                    "relay": "\(client.settings.description)", "error": "\(error)", "since": "\(refusal.since)",
                    "rounds": "\(refusal.rounds)",
                ])
            outcome.sessionFailed = true
            for mail in pending where leases.holds(mail.mail.id) {
                try await postpone(mail.mail, "session: \(error.description)", in: &outcome)
            }
        }
        return outcome
    }

    /// The claimed mails with a fresh acknowledgement token in each link (`Notification.unmintedAckToken`), their
    /// hashes stored before any is sent: the token in clear exists only in the message that leaves. A mail sent
    /// again (its acceptance not recorded) gets another token; each works.
    private func mintingAckTokens(_ claimed: [ClaimedMail]) async throws -> [ClaimedMail] {
        var minted: [(hash: String, for: AckRecipient)] = []
        let mails = claimed.map { claim -> ClaimedMail in
            let token = SecretToken.generate()
            guard
                let message = MailMessage.replacingInText(Notification.unmintedAckToken, with: token, in: claim.message)
            else { return claim }
            minted.append((SecretToken.hash(token), AckRecipient(claim.mail)))
            var minting = claim
            minting.message = message
            return minting
        }
        try await store.issueAckTokens(minted)
        return mails
    }

    /// Records the relay's acceptance; returns the notification delay when this was the revision's first mail.
    private func recordSent(_ mail: QueuedMail, answer: String) async throws -> Double? {
        try await store.markMailSent(mail.id, answer: answer)
        logger.info("mail sent", metadata: ["mail": "\(mail.id)", "to": "\(mail.recipient)", "answer": "\(answer)"])
        // The figures and the manifest show the revision's notification time; failing to write them must not resend the mail.
        let delay = try? await store.firstNotificationDelay(mailID: mail.id)
        do {
            guard
                let time = try await store.notificationTime(
                    tenantID: mail.tenantID, incidentID: mail.incidentID, revision: mail.revision)
            else { return delay }
            try await onNotified(
                NotifiedRevision(
                    tenantID: mail.tenantID, incidentID: mail.incidentID, revision: mail.revision, time: time))
        } catch {
            logger.warning(
                "notification time not written to the manifest", metadata: ["mail": "\(mail.id)", "error": "\(error)"])
        }
        return delay
    }

    /// The relay's answer to one message: final when permanent, else tried again later.
    private func record(_ mail: QueuedMail, _ error: SMTPError, in outcome: inout DeliveryOutcome) async throws {
        logger.warning(
            "mail not sent", metadata: ["mail": "\(mail.id)", "to": "\(mail.recipient)", "error": "\(error)"])
        if error.isPermanent {
            try await store.markMailFailed(mail.id, answer: error.description)
            outcome.failed += 1
        } else {
            try await postpone(mail, error.description, in: &outcome)
        }
    }

    /// Back in the queue, after a wait that doubles with each attempt; failed after too many.
    private func postpone(_ mail: QueuedMail, _ answer: String, in outcome: inout DeliveryOutcome) async throws {
        if mail.attempts >= policy.maximumAttempts {
            try await store.markMailFailed(mail.id, answer: "gave up after \(mail.attempts) attempts: \(answer)")
            outcome.failed += 1
        } else {
            try await store.markMailDeferred(
                mail.id, answer: answer, next: Date().addingTimeInterval(policy.delay(afterAttempt: mail.attempts)))
            outcome.deferred += 1
        }
    }
}

/// The leases of one round's mails, renewed every third of a lease while the round runs.
final class Leases: Sendable {
    private let claims: [(id: Int64, attempt: Int)]
    private let lease: TimeInterval
    /// The mails still held, and until when: past it, none is, whatever the last renewal said.
    private let held: Mutex<(ids: Set<Int64>, until: Date)>

    init(_ claimed: [ClaimedMail], lease: TimeInterval) {
        claims = claimed.map { ($0.mail.id, $0.mail.attempts) }
        self.lease = lease
        held = Mutex((Set(claimed.map(\.mail.id)), Date().addingTimeInterval(lease)))
    }

    func holds(_ id: Int64) -> Bool {
        held.withLock { $0.ids.contains(id) && $0.until > Date() }
    }

    /// Renews until cancelled. Mails already answered are no longer `sending` and drop out.
    func renew(in store: Store, logger: Logger) async {
        while (try? await Task.sleep(for: .seconds(lease / 3))) != nil {
            let until = Date().addingTimeInterval(lease)
            do {
                let ids = try await store.renewMailLeases(claims, until: until)
                held.withLock { $0 = (ids, until) }
            } catch {
                logger.warning("mail leases not renewed", metadata: ["error": "\(error)"])
            }
        }
    }
}

extension SMTPError {
    /// A refusal of one message; the connection serves the next.
    var concernsOneMessage: Bool {
        switch self {
        case .rejected, .tooLarge: true
        case .connection, .unusableRelay, .settings: false
        }
    }
}
