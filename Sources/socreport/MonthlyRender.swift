import ArgumentParser
import Foundation
import SOCEngine
import SOCModel
import SOCRender

struct MonthlyRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "Render one monthly bundle to a PDF.")

    @Argument(help: "The monthly bundle JSON document, or - for standard input.")
    var file: String

    @OptionGroup var output: RenderOutput

    func run() throws {
        try output.render(file, read: DocumentReader.readMonthly) { try $0.renderMonthly($1, language: $2) }
    }
}
