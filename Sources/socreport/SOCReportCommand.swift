import ArgumentParser

@main
struct SOCReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socreport",
        abstract: "Render SOC incident and monthly reports as PDF and publish them to the customer portal.",
        subcommands: [
            IncidentCommand.self, MonthlyCommand.self, ValidateCommand.self, BenchCommand.self,
            IngestCommand.self, DemoCommand.self, ServeCommand.self, APIKeyCommand.self, MailCommand.self,
            UserCommand.self, CallCommand.self,
        ])
}

struct IncidentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident", abstract: "Incident reports.",
        subcommands: [IncidentRender.self, IncidentPublish.self, IncidentExport.self])
}

struct MonthlyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monthly", abstract: "Monthly reports.",
        subcommands: [MonthlyRender.self, MonthlyBundleCommand.self, MonthlyRun.self, MonthlyExport.self])
}
