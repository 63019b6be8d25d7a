import SOCLayout
import SOCReports

/// The input, split at NUL bytes: the free text first, then listed domains, URLs and IPs in turn.
/// After defanging, no URL with a scheme may be left in the text; the kinsoku ranges and katakana words
/// must lie inside the text, in order, each spanning at least two bytes; binds of lonely last
/// characters must lie inside the text.
func fuzzProse(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let parts = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
        .split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
    let text = parts[0]
    var domains: [String] = [], urls: [String] = [], ips: [String] = []
    for (i, part) in parts.dropFirst().enumerated() {
        switch i % 3 {
        case 0: domains.append(part)
        case 1: urls.append(part)
        default: ips.append(part)
        }
    }
    let defanged = ProseDefanger(domains: domains, urls: urls, ips: ips)(text)
    precondition(
        defanged.firstMatch(of: /(?i)(?:https?|ftp):\/\/[^\s<>"'「」『』（）、。]/) == nil,
        "a live URL is left in \(defanged.debugDescription)")

    let length = text.utf8.count
    for (name, ranges) in [
        ("kinsoku", Kinsoku.unbreakableRanges(in: text)), ("katakana", Kinsoku.katakanaWords(in: text)),
    ] {
        var end = 0
        for range in ranges {
            precondition(
                range.lowerBound >= end && range.upperBound <= length && range.count >= 2,
                "\(name) range \(range) out of order or bounds in \(length) bytes")
            end = range.upperBound
        }
    }
    // Lines cut at every sixth scalar boundary, as a layout might: binds stay inside the text.
    var cuts = [0], offset = 0
    for (i, scalar) in text.unicodeScalars.enumerated() {
        offset += UTF8.width(scalar)
        if i % 6 == 5 { cuts.append(offset) }
    }
    if cuts.last != length { cuts.append(length) }
    let lines = zip(cuts, cuts.dropFirst()).map { $0..<$1 }
    for bind in Kinsoku.lonelyLastCharacters(lines: lines, in: text) {
        precondition(
            bind.lowerBound >= 0 && bind.upperBound <= length && bind.count >= 2, "bind \(bind) in \(length) bytes")
    }
    return 0
}
