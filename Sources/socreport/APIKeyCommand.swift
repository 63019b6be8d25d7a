import ArgumentParser
import SOCServer
import SOCStore

struct APIKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey", abstract: "API keys for `socreport serve`.",
        subcommands: [APIKeyCreate.self, APIKeyList.self, APIKeyRevoke.self])
}

extension APIScope: ExpressibleByArgument {}

struct APIKeyCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an API key and print its token (the last line), which is shown this once.",
        discussion: """
            The store keeps only the token's SHA-256. Scopes: ingest (store documents), publish (publish incidents, start \
            monthly runs), read (list and fetch entries), taxii (poll the TAXII 2.1 feeds). A key made with --tenant sees \
            that tenant only and may only read (read, taxii).
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "A name for the key, e.g. the system that uses it.")
    var name: String
    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "What the key may do (tenants: publish incidents for tenants the store has never seen).",
            valueName: "ingest|publish|read|tenants|taxii"))
    var scope: [APIScope]
    @Option(help: ArgumentHelp("The one tenant the key sees (a customer's own key).", valueName: "id"))
    var tenant: String?
    @Flag(help: "Serve the key STIX objects marked TLP:RED.")
    var allowRed = false

    func run() async throws {
        let token: String
        do {
            token = try await APIKeys.create(
                in: store.open(), name: name, scopes: scope, tenantID: tenant, allowRed: allowRed)
        } catch let error as APIKeyError {
            throw CLIError(error.description)
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
        let sees = tenant.map { " for tenant \($0)" } ?? ""
        print(
            "API key \"\(name)\" created\(sees) with scopes \(scope.map(\.rawValue).joined(separator: ", "))\(allowRed ? ", TLP:RED allowed" : ""); its token is shown only now:"
        )
        print(token)
    }
}

struct APIKeyList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract:
            "List API keys (never their tokens): name, scopes, the tenant it sees (* for every tenant), created, state."
    )

    @OptionGroup var store: StoreOptions

    func run() async throws {
        for key in try await store.open().apiKeys() {
            let state = key.revokedAt.map { "revoked \($0)" } ?? "active"
            let sees = "tenant " + (key.tenantID ?? "*") + (key.allowRed ? " TLP:RED" : "")
            print(
                "\(key.name)\t\(key.scopes.map(\.rawValue).joined(separator: ","))\t\(sees)\tcreated \(key.createdAt)\t\(state)"
            )
        }
    }
}

struct APIKeyRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke an API key: its token stops working at once.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The key's name.")
    var name: String

    func run() async throws {
        guard try await store.open().revokeAPIKey(name: name) else {
            throw CLIError("no active API key named \"\(name)\"")
        }
        print("API key \"\(name)\" revoked")
    }
}
