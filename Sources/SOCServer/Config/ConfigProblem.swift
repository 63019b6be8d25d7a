/// One thing wrong with the server's configuration, in words the operator can act on.
public struct ConfigProblem: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
