import ArgumentParser
import Foundation
import SOCModel
import SOCPublishing
import SOCStore

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Validate contract documents (tenants, incident, metrics, notes, news) and store them.",
        discussion: """
            A file holds one document, a JSON array of documents, or one document per line. Each file is \
            stored in one transaction: when any of its documents is invalid, its problems are listed \
            (FILE: position/path: problem) and nothing from that file is stored. Storing what is already \
            stored changes nothing ("unchanged").
            """)

    @Argument(help: "Documents to load; - reads standard input.")
    var files: [String]

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let store = try store.open()
        // 2 when a document was invalid (as `validate`), else 1 when a file could not be read.
        var status: Int32 = 0
        for file in files {
            let name = Input.name(file)
            do {
                let data = try Input.read(file)
                let changes: [IngestChange]
                do {
                    changes = try await DocumentIngest.ingest(data, source: name, into: store)
                } catch let error as IngestRejected {
                    // Documents the store cannot take (an unknown tenant, say) are reported as invalid ones are.
                    throw InvalidDocument(source: name, problems: error.problems)
                }
                for change in changes { print("\(name): \(change)") }
                let counts = Dictionary(grouping: changes, by: \.outcome).mapValues(\.count)
                print(
                    "\(name): \(changes.count) records: \(counts[.added] ?? 0) added, \(counts[.updated] ?? 0) updated, \(counts[.unchanged] ?? 0) unchanged"
                )
            } catch let error as InvalidDocument {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                printError("\(name): nothing stored")
                status = 2
            } catch let error as CLIError {
                printError(error.description)
                status = max(status, 1)
            }
        }
        if status != 0 { throw ExitCode(status) }
    }
}
