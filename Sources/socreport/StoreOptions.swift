import ArgumentParser
import Foundation
import SOCPages
import SOCPortal
import SOCStore
import SOCTemplates

/// Where the store is: --db, else $SOCREPORT_DB, else ./socreport.sqlite. A `postgres://` URL is a
/// PostgreSQL store; anything else a SQLite file.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The store: a SQLite file, or postgres://user:password@host:port/database (default: $SOCREPORT_DB, else ./socreport.sqlite).",
            valueName: "path-or-url"))
    var path: String?

    var resolvedPath: String {
        path ?? ProcessInfo.processInfo.environment["SOCREPORT_DB"] ?? "socreport.sqlite"
    }

    func open() throws -> Store {
        try Self.open(resolvedPath)
    }

    static func open(_ path: String) throws -> Store {
        do {
            return try Store(location: path)
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
    }
}

/// Where the portal is: --portal, else $SOCREPORT_PORTAL, else ./portal.
struct PortalOptions: ParsableArguments {
    @Option(
        name: .customLong("portal"),
        help: ArgumentHelp("The portal folder (default: $SOCREPORT_PORTAL, else ./portal).", valueName: "dir"))
    var path: String?

    var resolvedPath: String {
        path ?? ProcessInfo.processInfo.environment["SOCREPORT_PORTAL"] ?? "portal"
    }

    func open() throws -> Portal { try Self.open(resolvedPath) }

    /// The portal at `path`, writing each tenant's `index.html` from the portal's page templates.
    static func open(_ path: String) throws -> Portal {
        try Portal(root: URL(fileURLWithPath: path), indexPage: indexPage())
    }

    /// What writes a tenant folder's `index.html`: the portal's page templates.
    static func indexPage() throws -> IndexPage { try IndexPage(pages: PortalPages(home: ResourceHome.locate())) }
}
