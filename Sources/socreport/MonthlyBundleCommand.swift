import ArgumentParser
import Foundation
import SOCModel
import SOCStore

struct MonthlyBundleCommand: ParsableCommand {
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

    func run() throws {
        let bundle = try MonthlyBundles.assemble(store.open(), tenant: tenant, month: month).bundle
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(try encoder.encode(bundle) + Data("\n".utf8))
    }
}

enum MonthlyBundles {
    /// The tenant's bundle from the store, checked against the contract as any input would be: a bundle
    /// the store assembled wrong is an error here, not a report drawn from it.
    /// Returns the bundle with its canonical JSON, whose digest identifies what the report is drawn from.
    static func assemble(_ store: Store, tenant: String, month: YearMonth) throws -> (bundle: MonthlyBundle, json: Data) {
        let bundle: MonthlyBundle
        do {
            bundle = try store.monthlyBundle(tenantID: tenant, month: month)
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
        let json = try CanonicalJSON.encode(bundle)
        do {
            _ = try DocumentReader.readMonthly(json, source: "the bundle of \(tenant) for \(month)")
        } catch {
            throw CLIError("the store assembled an invalid bundle:\n\(error.description)")
        }
        return (bundle, json)
    }
}
