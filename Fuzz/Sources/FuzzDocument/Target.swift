import Foundation
import SOCModel

/// Any bytes through the readers the commands use: one document of any kind, and an ingest input
/// (one document, an array or newline-delimited JSON). Errors are expected; crashes and hangs are not.
func fuzzDocument(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let data = Data(bytes: start, count: count)
    do {
        _ = try DocumentReader.read(data, source: "fuzz")
    } catch {
        precondition(!error.problems.isEmpty, "an invalid document names at least one problem")
    }
    do {
        _ = try DocumentReader.readMany(data, source: "fuzz")
    } catch {
        precondition(!error.problems.isEmpty, "an invalid input names at least one problem")
    }
    return 0
}
