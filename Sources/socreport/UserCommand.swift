import ArgumentParser
import Foundation
import SOCStore
import SOCWeb

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Portal users: customers of one tenant, or staff (analysts and leads) who see every tenant.",
        subcommands: [UserAdd.self, UserList.self, UserRole.self, UserDisable.self, UserPassword.self])
}

extension StaffRole: ExpressibleByArgument {}

/// The password from standard input, one line: never from an argument, which other users can see.
private func passwordFromStandardInput() throws -> String {
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw CLIError("-: expected the password on standard input")
    }
    return line
}

private func accountsFailure(_ error: Error) -> Error {
    switch error {
    case let error as PortalUserError: CLIError(error.description)
    case let error as AccountError: CLIError(error.description)
    case let error as StoreError: CLIError(error.description)
    default: error
    }
}

struct UserAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a user; the initial password is read from standard input.")

    @OptionGroup var store: StoreOptions
    @Option(help: "The user's email address, their sign-in name.") var email: String
    @Option(help: "The tenant whose reports the user sees.") var tenant: String?
    @Flag(help: "A SOC staff member, who sees every tenant.") var staff = false
    @Option(help: "A staff member's role: analyst (the default) or lead, who approves reports.") var role: StaffRole?
    @Option(help: "The user's name (default: the address).") var name: String?

    func validate() throws {
        guard (tenant == nil) == staff else { throw ValidationError("give exactly one of --tenant ID and --staff") }
        guard staff || role == nil else {
            throw ValidationError("--role is for staff (--staff); customers have no role")
        }
    }

    func run() async throws {
        let password = try passwordFromStandardInput()
        do {
            let user = try await Accounts(store: store.open()).add(
                email: email, name: name ?? email, tenantID: tenant, role: role, password: password)
            print(
                "added \(user.email) (\(user.tenantID.map { "tenant \($0)" } ?? "staff, \(user.role?.rawValue ?? "")"))"
            )
        } catch { throw accountsFailure(error) }
    }
}

struct UserList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the users: address, tenant or staff, role, state, name.")
    @OptionGroup var store: StoreOptions

    func run() async throws {
        for user in try await store.open().users() {
            print(
                [
                    user.email, user.tenantID ?? "(staff)", user.role?.rawValue ?? "-",
                    user.disabled ? "disabled" : "enabled", user.name,
                ]
                .joined(separator: "\t"))
        }
    }
}

struct UserRole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role", abstract: "Give a staff member a role: analyst or lead.")
    @OptionGroup var store: StoreOptions
    @Option(help: "The staff member's email address.") var email: String
    @Option(help: "analyst or lead.") var role: StaffRole

    func run() async throws {
        do { try await store.open().setRole(email: email, role) } catch { throw accountsFailure(error) }
        print("\(email) is now \(role == .lead ? "a lead" : "an analyst")")
    }
}

struct UserDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable a user; their sessions end at once.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The user's email address.") var email: String

    func run() async throws {
        do { try await store.open().disableUser(email: email) } catch { throw accountsFailure(error) }
        print("disabled \(email)")
    }
}

struct UserPassword: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "password", abstract: "Set a user's password from standard input; their sessions end.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The user's email address.") var email: String

    func run() async throws {
        let password = try passwordFromStandardInput()
        do { try await Accounts(store: store.open()).setPassword(email: email, password) } catch {
            throw accountsFailure(error)
        }
        print("password set for \(email)")
    }
}
