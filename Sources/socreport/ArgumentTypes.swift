import ArgumentParser
import SOCModel
import SOCStore

// Option values parsed from their text form.

extension Language: ExpressibleByArgument {}

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
