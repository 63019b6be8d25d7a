import ArgumentParser
import SOCModel
import SOCStore

// Option values parsed from their text form. (`Language` conforms in IncidentRender.swift.)

extension YearMonth: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

extension Shard: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}
