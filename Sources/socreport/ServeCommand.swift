import ArgumentParser
import Foundation
import Hummingbird
import SOCPages
import SOCReports
import SOCWeb

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the customer portal over HTTP until SIGTERM or SIGINT.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var portal: PortalOptions
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on; 0 picks a free one.") var port = 8080
    @Flag(help: "Mark cookies Secure: set when a TLS proxy serves the portal.") var secureCookies = false

    func run() async throws {
        let pages = try PortalPages(home: ResourceHome.locate())
        let settings = PortalSettings(store: try store.open(), portal: try portal.open(), pages: pages, secureCookies: secureCookies)
        try await portalApplication(settings: settings, host: host, port: port) { address in
            // Unbuffered, so a supervisor or test reading the pipe sees it at once.
            FileHandle.standardOutput.write(Data("listening on \(address)\n".utf8))
        }.runService()
    }
}
