import ArgumentParser
import Foundation
import SOCModel
import SOCRender

struct MonthlyRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "Render one monthly bundle to a PDF.")

    @Argument(help: "The monthly bundle JSON document, or - for standard input.")
    var file: String

    @OptionGroup var output: RenderOutput

    func run() throws {
        let bundle: MonthlyBundle
        do { bundle = try DocumentReader.readMonthly(try Input.document(file), source: Input.name(file)) } catch let error as InvalidDocument {
            throw reportInvalid(error)
        }
        try output.checkDestination()
        let engine = try ReportEngine()
        try output.write(try engine.renderMonthly(bundle, language: output.lang), engine: engine)
    }
}
