import ArgumentParser
import Foundation
import SOCIndicators
import SOCModel
import SOCPortal
import SOCPublishing

struct IncidentExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the machine-readable indicators of one incident revision, without publishing.",
        discussion: "The same bytes `incident publish` puts beside the report in the portal.")

    @Argument(help: "The incident JSON document, or - for standard input.")
    var file: String

    @OptionGroup var output: IndicatorOutput

    func run() throws {
        let incident: Incident
        do { incident = try DocumentReader.readIncident(try Input.document(file), source: Input.name(file)) } catch let
            error as InvalidDocument
        {
            throw reportInvalid(error)
        }
        try output.write(IndicatorList(incident: incident), source: Input.name(file))
    }
}

struct MonthlyExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the machine-readable indicators of one tenant's month, from the store, without publishing.",
        discussion: """
            The month's incidents as `monthly bundle` assembles them (latest revision of each), read in full \
            from the store: a bundle file only summarises its incidents. The same bytes `monthly run` puts \
            beside the monthly report.
            """)

    @Option(help: "The tenant id.")
    var tenant: String

    @Option(help: ArgumentHelp("The month.", valueName: "YYYY-MM"))
    var month: YearMonth

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: IndicatorOutput

    func run() async throws {
        let store = try store.open()
        let bundle = try await MonthlyBundles.assemble(store, tenant: tenant, month: month).bundle
        try output.write(await MonthlyIndicators.list(store, bundle: bundle), source: "\(tenant) \(month)")
    }
}

/// The options both export commands share, and writing the chosen file.
struct IndicatorOutput: ParsableArguments {
    @Option(help: "stix (a STIX 2.1 bundle), csv (one row per indicator) or txt (one blocklist, see --type).")
    var format: IndicatorFile.Format

    @Option(name: .customLong("type"), help: "With --format txt: which blocklist, domains, urls or ips.")
    var blocklist: Blocklist?

    @Option(
        name: .shortAndLong,
        help: "Where to write the file (replaced only by a complete new one); default: standard output.")
    var output: String?

    func validate() throws {
        if format == .txt, blocklist == nil { throw ValidationError("--format txt needs --type domains, urls or ips") }
        if format != .txt, blocklist != nil { throw ValidationError("--type only goes with --format txt") }
    }

    /// Warns about each value left out, one line each, then writes the file.
    func write(_ list: IndicatorList, source: String) throws {
        for problem in list.problems { printError("warning: \(source): \(problem): left out of the indicator files") }
        let bytes: [UInt8]
        switch format {
        case .stix: bytes = try list.stix()
        case .csv: bytes = list.csv()
        case .txt: bytes = list.blocklist(blocklist!)
        }
        guard let output else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        do {
            try AtomicFile.write(bytes, to: URL(fileURLWithPath: output), permissions: 0o644)
        } catch {
            throw CLIError("\(output): cannot write the file: \(systemReason(error))")
        }
    }
}

extension IndicatorFile.Format: ExpressibleByArgument {}
extension Blocklist: ExpressibleByArgument {}
