import Foundation
import Logging
import NIOPosix
import SOCModel
import SOCPortal
import SOCStore

/// How the queue waits between attempts.
public struct RetryPolicy: Sendable {
    /// How long a claimed mail belongs to its deliverer; past it, the deliverer is taken to have died
    /// and the mail is sent again.
    public var lease: TimeInterval
    /// The wait after the first temporary failure, doubled after each further one up to `maximumDelay`.
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval
    /// Attempts after which a temporary failure becomes final.
    public var maximumAttempts: Int

    public init(lease: TimeInterval = 300, firstDelay: TimeInterval = 60, maximumDelay: TimeInterval = 3600, maximumAttempts: Int = 30) {
        self.lease = lease
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
    }

    func delay(afterAttempt attempt: Int) -> TimeInterval {
        min(maximumDelay, firstDelay * pow(2, Double(max(0, attempt - 1))))
    }
}

/// What one delivery round did.
public struct DeliveryOutcome: Sendable, Equatable {
    public var sent = 0
    /// Temporary failures, to be tried again.
    public var deferred = 0
    public var failed = 0
    public init() {}
}

/// Sends the store's queued mails through the relay: claim (state `sending` with a lease), send,
/// record the relay's answer — each step its own write, so a crash leaves every mail either recorded
/// as sent or due again once its lease runs out.
public struct MailDelivery: Sendable {
    public let store: Store
    public let client: SMTPClient
    public let policy: RetryPolicy
    /// Rewrites the tenant folder's `index.html` with the manifest that records a notification time.
    public let indexPage: (any IndexPageRendering)?
    let logger: Logger

    public init(store: Store, client: SMTPClient, policy: RetryPolicy = RetryPolicy(), indexPage: (any IndexPageRendering)? = nil,
                logger: Logger = Logger(label: "socreport.mail")) {
        self.store = store
        self.client = client
        self.policy = policy
        self.indexPage = indexPage
        self.logger = logger
    }

    /// Sends every mail due now (of `ids` only, when given) over one connection.
    public func deliverDue(ids: [Int64]? = nil) async throws -> DeliveryOutcome {
        let claimed = try await store.claimDueMails(lease: policy.lease, ids: ids)
        var outcome = DeliveryOutcome()
        guard !claimed.isEmpty else { return outcome }
        var pending = claimed[...]
        do {
            try await client.withSession { session in
                while let next = pending.first {
                    do {
                        let reply = try await session.send(from: next.mail.sender, to: [next.mail.recipient], message: next.message)
                        try await recordSent(next.mail, answer: reply.description)
                        outcome.sent += 1
                    } catch let error as SMTPError where error.concernsOneMessage {
                        try await record(next.mail, error, in: &outcome)
                    }
                    pending = pending.dropFirst()
                }
            }
        } catch let error as SMTPError {
            // The connection failed: every mail not yet answered waits for the next attempt.
            for mail in pending { try await record(mail.mail, error, in: &outcome) }
        }
        return outcome
    }

    private func recordSent(_ mail: QueuedMail, answer: String) async throws {
        try await store.markMailSent(mail.id, answer: answer)
        logger.info("mail sent", metadata: ["mail": "\(mail.id)", "to": "\(mail.recipient)", "answer": "\(answer)"])
        // The manifest shows the revision's notification time; failing to write it must not resend the mail.
        do {
            guard let time = try await store.notificationTime(tenantID: mail.tenantID, incidentID: mail.incidentID, revision: mail.revision),
                  let publication = try await store.incidentPublication(tenantID: mail.tenantID, incidentID: mail.incidentID, revision: mail.revision),
                  let tenant = try await store.tenant(mail.tenantID)
            else { return }
            // The manifest is rewritten under its lock and synced: off the cooperative threads.
            let indexPage = indexPage
            _ = try await NIOThreadPool.singleton.runIfActive {
                try Portal(root: URL(fileURLWithPath: publication.portal), indexPage: indexPage).folder(for: tenant)
                    .recordNotification(at: publication.path, time: time)
            }
        } catch {
            logger.warning("notification time not written to the manifest", metadata: ["mail": "\(mail.id)", "error": "\(error)"])
        }
    }

    private func record(_ mail: QueuedMail, _ error: SMTPError, in outcome: inout DeliveryOutcome) async throws {
        if error.isPermanent {
            try await store.markMailFailed(mail.id, answer: error.description)
            outcome.failed += 1
        } else if mail.attempts >= policy.maximumAttempts {
            try await store.markMailFailed(mail.id, answer: "gave up after \(mail.attempts) attempts: \(error.description)")
            outcome.failed += 1
        } else {
            try await store.markMailDeferred(mail.id, answer: error.description,
                                       next: Date().addingTimeInterval(policy.delay(afterAttempt: mail.attempts)))
            outcome.deferred += 1
        }
        logger.warning("mail not sent", metadata: ["mail": "\(mail.id)", "to": "\(mail.recipient)", "error": "\(error)"])
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
