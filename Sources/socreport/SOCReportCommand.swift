import ArgumentParser

@main
struct SOCReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socreport",
        abstract: "Render SOC incident and monthly reports as PDF and publish them to the customer portal.",
        subcommands: [IncidentCommand.self, ValidateCommand.self])
}

struct IncidentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident", abstract: "Incident reports.", subcommands: [IncidentRender.self])
}
