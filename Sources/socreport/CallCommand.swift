import ArgumentParser
import Foundation
import SOCModel
import SOCStore

struct CallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call", abstract: "Telephone calls about incident revisions.", subcommands: [CallRecord.self])
}

/// Records a call from a script, as the operations board's form does.
struct CallRecord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record a telephone call about an incident revision.")

    @OptionGroup var store: StoreOptions
    @Option(help: "The tenant id.") var tenant: String
    @Option(help: "The incident id.") var incident: String
    @Option(help: "The revision called about.") var revision: Int
    @Option(help: ArgumentHelp("Who called (the staff member's address).", valueName: "email")) var by: String
    @Option(help: ArgumentHelp("Whom they called.", valueName: "name")) var to: String
    @Option(help: ArgumentHelp("reached or no-answer.", valueName: "outcome")) var outcome: String
    @Option(help: "What was said or agreed.") var note: String?

    func run() async throws {
        guard let outcome = CallOutcome(rawValue: outcome) else {
            throw CLIError("--outcome: \"\(outcome)\" is not reached or no-answer")
        }
        let by = by.trimmingCharacters(in: .whitespaces), to = to.trimmingCharacters(in: .whitespaces)
        guard !by.isEmpty, !to.isEmpty else { throw CLIError("--by and --to: must not be empty") }
        let at = Timestamp(Date(), in: TimeZone(identifier: "UTC")!).text
        let note = note.flatMap { $0.isEmpty ? nil : $0 }
        guard
            try await store.open().recordCall(
                PhoneCall(
                    tenantID: tenant, incidentID: incident, revision: revision, caller: by, callee: to,
                    outcome: outcome, note: note, calledAt: at))
        else {
            throw CLIError("--incident: the store has no revision \(revision) of \(incident) for tenant \(tenant)")
        }
        print("recorded: \(by) called \(to) about \(tenant)/\(incident) r\(revision) at \(at): \(outcome.rawValue)")
    }
}
