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
        var failed = false
        for file in files {
            do {
                let documents = try DocumentReader.readMany(try Input.read(file), source: Input.name(file))
                print("\(Input.name(file)): ok (\(documents.map(\.kind).joined(separator: ", ")))")
            } catch let error as InvalidDocument {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }
}
