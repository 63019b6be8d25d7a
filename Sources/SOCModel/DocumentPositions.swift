import Foundation

/// Where each document `DocumentReader.readMany` returned sits in its input, spelled as its problem
/// paths are: "$" for a single document, "$[i]" in an array, "line N: $" in newline-delimited JSON.
public enum DocumentPositions {
    public static func of(_ data: Data, count: Int) -> [String] {
        let bytes = [UInt8](data)
        let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        if bytes.first(where: { !isBlank($0) }) == UInt8(ascii: "[") { return (0..<count).map { "$[\($0)]" } }
        if count == 1 { return ["$"] }
        // As readMany does: every line with more than blanks holds one document.
        var positions: [String] = []
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if !line.allSatisfy(isBlank) { positions.append("line \(lineNumber): $") }
        }
        return positions
    }
}
