import ArgumentParser
import Foundation
import SOCModel

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check contract documents (incident, monthly, tenants, metrics, notes, news) by their kind.")

    @Argument(help: "Documents to check; - reads standard input.")
    var files: [String]

    func run() throws {
        // Every file is checked, whatever the others gave. Exit status 2 when a document was invalid
        // (as `ingest`), else 1 when a file could not be read.
        var status: Int32 = 0
        for file in files {
            let name = Input.name(file)
            do {
                let documents = try DocumentReader.readMany(try Input.document(file), source: name)
                guard !documents.isEmpty else {
                    throw InvalidDocument(
                        source: name, problems: [Problem(path: "$", message: "no document: the array is empty")])
                }
                print("\(name): ok (\(documents.map(\.document.kind).joined(separator: ", ")))")
            } catch let error as InvalidDocument {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                status = 2
            } catch let error as CLIError {
                printError(error.description)
                status = max(status, 1)
            }
        }
        if status != 0 { throw ExitCode(status) }
    }
}
