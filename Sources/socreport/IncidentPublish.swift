import ArgumentParser
import Foundation
import SOCModel
import SOCPortal
import SOCPublishing
import SOCStore

struct IncidentPublish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Validate, store, render and publish one incident report; print the published file.",
        discussion: """
            The report goes to <portal>/<tenant>/incidents/YYYY/MM/<id>-r<revision>.pdf (the month of \
            determinedAt in the tenant's time zone) and into the tenant's index.json and index.html. Every \
            revision keeps its own file; publishing a revision again from the same document changes nothing, \
            and from a different document is refused. With --outbox, an RFC 5322 message with the report \
            attached is written for the tenant's contacts.
            """)

    @Argument(help: "The incident JSON document, or - for standard input.")
    var file: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var portal: PortalOptions

    @Option(help: ArgumentHelp("Also write the notification mail (.eml) into this folder.", valueName: "dir"))
    var outbox: String?

    @Option(help: ArgumentHelp("The mail's sender, \"Name <address>\" or an address (default: $SOCREPORT_MAIL_FROM, else soc-reports@localhost).", valueName: "mailbox"))
    var mailFrom: String?

    func run() throws {
        let data = try Input.read(file)
        let incident: Incident
        do { incident = try DocumentReader.readIncident(data, source: Input.name(file)) } catch {
            throw reportInvalid(error)
        }
        let sender = try outbox.map { _ in try Outbox.sender(mailFrom ?? ProcessInfo.processInfo.environment["SOCREPORT_MAIL_FROM"]) }
        let publisher = try IncidentPublisher(store: store.open(), portal: Portal(root: URL(fileURLWithPath: portal.resolvedPath)),
                                              command: "incident publish")
        let result = try publisher.publish(incident)
        print(result.file.path)
        for problem in result.indicatorProblems {
            printError("warning: \(Input.name(file)): \(problem): left out of the indicator files")
        }
        if result.outcome.isUnchanged { printError("\(result.file.path): already published from the same document; unchanged") }
        if let outbox, let sender {
            let mail = try Outbox(folder: URL(fileURLWithPath: outbox), sender: sender)
                .deliver(incident, result: result, publisher: publisher)
            if let mail { print(mail.path) }
        }
    }
}

