import ArgumentParser
import Foundation
import SOCMail
import SOCModel
import SOCPublishing
import SOCStore

struct MailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail", abstract: "The notification mail queue.", subcommands: [MailList.self, MailRetry.self])
}

struct MailList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List queued mails: id, state, attempts, incident, recipient, the relay's last answer.",
        discussion: "Mails of critical and serious incidents are followed by the contacts to telephone.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Only mails in this state (queued, sending, sent, failed).")
    var state: MailState?

    func run() async throws {
        let store = try store.open()
        var tenants: [String: Tenant] = [:]
        for mail in try await store.mails(state: state) {
            let when =
                mail.sentAt.map { "sent \($0)" }
                ?? (mail.state == .queued ? "due \(Timestamp.utcText(mail.nextAttemptAt))" : "")
            print(
                [
                    String(mail.id), mail.state.rawValue, "attempts=\(mail.attempts)",
                    "\(mail.tenantID)/\(mail.incidentID) r\(mail.revision)",
                    mail.recipient, when, mail.lastAnswer.map { "answer: \($0)" } ?? "",
                ]
                .filter { !$0.isEmpty }.joined(separator: "  "))
            guard let severity = Severity(rawValue: mail.severity) else { continue }
            if tenants[mail.tenantID] == nil { tenants[mail.tenantID] = try await store.tenant(mail.tenantID) }
            for contact in tenants[mail.tenantID]?.contactsToCall(for: severity) ?? [] {
                print("    telephone \(contact.name): \(contact.phone ?? "")")
            }
        }
    }
}

struct MailRetry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Queue failed or waiting mails again and, with a relay, deliver them now.",
        discussion:
            "Sent mails are never sent again. Without --smtp (or $SOCREPORT_SMTP) the mails are only made due; the server's deliverer sends them."
    )

    @Argument(help: "Mail ids (see `mail list`).")
    var ids: [Int64] = []

    @Flag(help: "Every failed or waiting mail.")
    var all = false

    @Option(help: "Seconds a claimed mail is left to its deliverer before it is taken to have died and is sent again.")
    var lease: Double = RetryPolicy().lease

    @OptionGroup var store: StoreOptions
    @OptionGroup var mail: MailOptions

    func validate() throws {
        guard all != !ids.isEmpty else { throw ValidationError("give mail ids or --all, not both or neither") }
    }

    func run() async throws {
        let store = try store.open()
        let selection = all ? nil : ids
        let requeued = try await store.retryMails(ids: selection)
        print("\(requeued) mail(s) queued again")
        guard let client = try mail.client() else { return }
        let delivery = MailDelivery(
            store: store, client: client, policy: RetryPolicy(lease: lease),
            onNotified: ManifestNotification(store: store, indexPage: try PortalOptions.indexPage()).record)
        let outcome = try await delivery.deliverDue(ids: selection)
        await printOutcome(outcome, store: store, ids: selection)
    }
}

/// "sent 2, waiting 1, failed 0" and a line for each mail not sent, with the relay's answer.
func printOutcome(_ outcome: DeliveryOutcome, store: Store, ids: [Int64]?) async {
    print("mail: sent \(outcome.sent), waiting \(outcome.deferred), failed \(outcome.failed)")
    for mail in (try? await store.mails(ids: ids)) ?? [] where mail.state == .queued || mail.state == .failed {
        printError(
            "mail \(mail.id) to \(mail.recipient) \(mail.state == .failed ? "failed" : "will be retried"): \(mail.lastAnswer ?? "not attempted")"
        )
    }
}

extension MailState: ExpressibleByArgument {}

extension Timestamp {
    static func utcText(_ date: Date) -> String { Timestamp(date, in: TimeZone(identifier: "UTC")!).text }
}
