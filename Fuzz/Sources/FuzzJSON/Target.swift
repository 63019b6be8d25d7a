@testable import SOCModel

/// Any bytes: UTF-8 checked first, as every reader does, then parsed. A syntax error must point
/// inside the input and be located by line and column without trapping.
func fuzzJSON(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let bytes = UnsafeBufferPointer(start: start, count: count)
    guard UTF8Validation.firstInvalidOffset(in: bytes) == nil else { return 0 }
    do {
        _ = try JSONParser.parse(bytes)
    } catch {
        precondition(error.offset >= 0 && error.offset <= count, "error offset \(error.offset) outside \(count) bytes")
        _ = error.located(in: bytes)
    }
    return 0
}
