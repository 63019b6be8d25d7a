import ArgumentParser
import Foundation
import SOCMail
import SOCModel
import SOCPortal
import SOCPublishing
import SOCStore

struct IncidentPublish: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Validate, store, render and publish one incident report; print the published file.",
        discussion: """
            The report goes to <portal>/<tenant>/incidents/YYYY/MM/<id>-r<revision>.pdf (the month of \
            determinedAt in the tenant's time zone) and into the tenant's index.json and index.html. Every \
            revision keeps its own file; publishing a revision again from the same document changes nothing, \
            and from a different document is refused. With --smtp, a notification mail per contact is queued \
            in the store with the publication and delivered before the command ends; what the relay does not \
            take stays queued (`mail list`, `mail retry`). With --outbox, one RFC 5322 message per contact \
            (with its acknowledgement link when --public-url is given) is written to a folder instead. Critical and serious incidents print the \
            contacts to telephone.
            """)

    @Argument(help: "The incident JSON document, or - for standard input.")
    var file: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var portal: PortalOptions

    @Option(
        help: ArgumentHelp(
            "Also write the notification mails (.eml, one per contact) into this folder.", valueName: "dir"))
    var outbox: String?

    @OptionGroup var mail: MailOptions

    func validate() throws {
        if outbox != nil && mail.relay != nil { throw ValidationError("give --smtp or --outbox, not both") }
    }

    func run() async throws {
        let data = try Input.read(file)
        let incident: Incident
        do { incident = try DocumentReader.readIncident(data, source: Input.name(file)) } catch {
            throw reportInvalid(error)
        }
        let client = try mail.client()
        let settings = try client != nil || outbox != nil ? mail.notificationSettings() : nil
        let store = try store.open()
        let publisher = try IncidentPublisher(
            store: store, portal: portal.open(),
            command: "incident publish", notifications: client == nil ? nil : settings)
        let result = try await publisher.publish(incident)
        print(result.file.path)
        for problem in result.indicatorProblems {
            printError("warning: \(Input.name(file)): \(problem): left out of the indicator files")
        }
        if result.outcome.isUnchanged {
            printError("\(result.file.path): already published from the same document; unchanged")
        }
        for contact in result.contactsToCall { print("telephone \(contact.name): \(contact.phone ?? "")") }
        if let outbox, let settings {
            for mail in try await Outbox(folder: URL(fileURLWithPath: outbox), settings: settings)
                .deliver(incident, result: result, publisher: publisher)
            { print(mail.path) }
        }
        if let client {
            let ids = try await store.mails().filter {
                $0.tenantID == result.tenant.id && $0.incidentID == incident.id && $0.revision == incident.revision
                    && $0.state == .queued
            }.map(\.id)
            guard !ids.isEmpty else { return }
            let delivery = MailDelivery(
                store: store, client: client,
                onNotified: ManifestNotification(store: store, indexPage: publisher.portal.indexPage).record)
            let outcome = try await delivery.deliverDue(ids: ids)
            await printOutcome(outcome, store: store, ids: ids)
        }
    }
}
