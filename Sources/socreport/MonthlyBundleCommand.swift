import ArgumentParser
import Foundation
import SOCModel
import SOCPublishing
import SOCStore

struct MonthlyBundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Print the monthly bundle of one tenant and month, assembled from the store, as JSON.",
        discussion: """
            The month's incidents (latest revision of each, by determinedAt in the tenant's time zone), its \
            funnel (zero without metrics), up to 12 earlier months of history, the analysts' notes and the \
            month's news. The output is checked against the contract before it is printed.
            """)

    @Option(help: "The tenant id.")
    var tenant: String

    @Option(help: ArgumentHelp("The report's month.", valueName: "YYYY-MM"))
    var month: YearMonth

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let bundle = try await MonthlyBundles.assemble(store.open(), tenant: tenant, month: month).bundle
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(try encoder.encode(bundle) + Data("\n".utf8))
    }
}
