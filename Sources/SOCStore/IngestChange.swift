import SOCModel

/// What storing one record did.
public struct IngestChange: Sendable, Equatable, CustomStringConvertible {
    public enum Outcome: String, Sendable {
        case added, updated, unchanged
    }

    /// Where the document sits in its input: "$", "$[2]", "line 4: $".
    public var position: String
    /// The record, e.g. "incident acme/INC-1 r2", "metrics acme 2026-03".
    public var record: String
    public var outcome: Outcome

    /// "$[2]: incident acme/INC-1 r2: added".
    public var description: String { "\(position): \(record): \(outcome.rawValue)" }
}

/// Documents that are valid on their own but cannot be stored as they are (an unknown tenant, a
/// monthly bundle); nothing of their input was stored.
public struct IngestRejected: Error, Sendable, Equatable {
    public var problems: [Problem]
}
