import Foundation

/// The kinds of store a test runs on, for tests that run on each.
public enum TestStore: String, CaseIterable, Sendable {
    /// `store.sqlite` in the test's folder: what one machine uses.
    case sqlite
    /// A database of its own in the cluster `scripts/with-postgres.sh` starts, as several machines would share.
    case postgres

    /// A new empty store's location (as `--db` takes it) for a test with its own `folder`; `label` names
    /// a PostgreSQL database.
    public func location(in folder: URL, label: String) throws -> String {
        switch self {
        case .sqlite: folder.appendingPathComponent("store.sqlite").path
        case .postgres: try TestPostgres.freshDatabase(label: label)
        }
    }
}
