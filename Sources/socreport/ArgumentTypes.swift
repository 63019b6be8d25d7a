import ArgumentParser
import Foundation
import SOCModel
import SOCStore

// Option values parsed from their text form.

extension Language: ExpressibleByArgument {}

extension YearMonth: ExpressibleByArgument {
    /// "YYYY-MM", or "previous": the month before the current one in UTC, for a scheduled batch that runs
    /// once the month has ended in every tenant's zone (the CronJob in deploy/ runs at 12:00 UTC on the 1st).
    public init?(argument: String) {
        if argument == "previous" {
            self = YearMonth(containing: Date(), in: TimeZone(identifier: "UTC")!).previous
        } else {
            self.init(argument)
        }
    }
}

extension Shard: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}
