import Foundation
import Logging
import SOCModel
import SOCPublishing
import Synchronization

/// Shows a batch's outcomes as they come: a progress line on a terminal, log lines otherwise.
final class BatchProgress: Sendable {
    private let total: Int
    private let interactive = isatty(STDERR_FILENO) == 1
    /// Held while a line is written too, so lines from workers finishing together do not interleave.
    private let counts = Mutex(MonthlyBatch.Summary())
    private let logger: Logger

    init(total: Int, month: YearMonth) {
        Logs.bootstrap
        self.total = total
        var logger = Logger(label: "socreport.monthly")
        logger[metadataKey: "month"] = "\(month)"
        self.logger = logger
    }

    @Sendable func record(_ tenant: String, _ outcome: MonthlyBatch.Outcome) {
        counts.withLock { counts in
            counts.add(tenant, outcome)
            switch outcome {
            case .published(let path):
                if !interactive { logger.info("published", metadata: ["tenant": "\(tenant)", "path": "\(path)"]) }
            case .unchanged:
                if !interactive { logger.info("unchanged, skipped", metadata: ["tenant": "\(tenant)"]) }
            case .claimedElsewhere(let holder):
                logger.notice(
                    "claimed by another process, skipped", metadata: ["tenant": "\(tenant)", "holder": "\(holder)"])
            case .failed(let reason):
                if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                logger.error("failed", metadata: ["tenant": "\(tenant)", "reason": "\(reason)"])
            }
            if interactive {
                let line =
                    "\r\u{1B}[K[\(counts.done)/\(total)] \(counts.published) published, \(counts.unchanged) unchanged, \(counts.failures.count) failed"
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
    }

    func finish() {
        counts.withLock { _ in
            if interactive && total > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }
}

/// Log lines go to standard error; swift-log allows one bootstrap per process.
enum Logs {
    static let bootstrap: Void = LoggingSystem.bootstrap(StreamLogHandler.standardError)
}
