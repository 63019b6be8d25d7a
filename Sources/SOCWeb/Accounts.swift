import Foundation
import HummingbirdBcrypt
import NIOPosix
import SOCStore

/// Passwords: bcrypt hashes only (hummingbird-auth's), nothing else about a password is kept.
public enum Passwords {
    public static let defaultCost: UInt8 = 12
    public static let minimumLength = 12

    /// Why a new password is refused, or nil.
    public static func problem(with password: String) -> String? {
        password.count < minimumLength ? "a password needs at least \(minimumLength) characters" : nil
    }
}

/// The user commands' work, shared with the pages: sign-in checks and password changes. A bcrypt hash
/// takes about a quarter of a second at the default cost, so it runs on NIO's thread pool (`offloaded`).
public struct Accounts: Sendable {
    public let store: Store
    public let cost: UInt8

    public init(store: Store, cost: UInt8 = Passwords.defaultCost) {
        self.store = store
        self.cost = cost
    }

    @discardableResult
    public func add(email: String, name: String, tenantID: String?, role: StaffRole? = nil, password: String)
        async throws -> PortalUser
    {
        if let problem = Passwords.problem(with: password) { throw AccountError.weakPassword(problem) }
        return try await store.addUser(
            email: email, name: name, tenantID: tenantID, role: role, passwordHash: hash(password))
    }

    public func setPassword(email: String, _ password: String, keepingSession: String? = nil) async throws {
        if let problem = Passwords.problem(with: password) { throw AccountError.weakPassword(problem) }
        try await store.setPasswordHash(email: email, hash(password), keepingSession: keepingSession)
    }

    private func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await offloaded { Bcrypt.hash(password, cost: cost) }
    }

    /// The enabled user with this address and password, or nil, in the same time whether or not the
    /// address exists: for an unknown address the password is hashed at the configured cost instead, the
    /// same work as checking it against a user's hash, so the timing does not tell.
    public func signIn(email: String, password: String) async throws -> PortalUser? {
        let found = try await store.user(email: email)
        let cost = cost
        let matches = try await offloaded {
            guard let hash = found?.passwordHash else {
                _ = Bcrypt.hash(password, cost: cost)
                return false
            }
            return Bcrypt.verify(password, hash: hash)
        }
        guard let found, matches, !found.user.disabled else { return nil }
        return found.user
    }
}

/// Runs blocking work (bcrypt, the portal's files) on NIO's thread pool instead of the cooperative one.
func offloaded<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(work)
}

public enum AccountError: Error, CustomStringConvertible {
    case weakPassword(String)
    public var description: String {
        switch self {
        case .weakPassword(let problem): problem
        }
    }
}
