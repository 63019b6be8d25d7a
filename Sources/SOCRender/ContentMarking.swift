import SOCLayout

/// Rewrites a page's content stream as Cairo 1.16 wrote it so that everything in it is either content
/// of the structure tree or an artifact (ISO 32000-1 14.8.2.2): Cairo marks only the leaves it was given
/// (`/TD << /MCID 3 >> BDC` … `EMC`, one operator per line) and cannot write `/Artifact`.
///
/// - A marked-content sequence recorded as an artifact (page header or footer, a repeated table header)
///   gets the artifact's tag and properties instead of its MCID.
/// - What Cairo drew outside every sequence (rules, boxes, table fills, pills) is wrapped as a layout
///   artifact, from its first drawing operator to its last painting one.
///
/// Each line is looked at once, by its last token only; the stream is copied in runs (a whole sequence,
/// the lines of a gap around the layout artifact's two markers), not line by line.
enum ContentMarking {
    static func mark(_ content: [UInt8], artifacts: [StructureTag.Artifact?]) -> [UInt8] {
        // Every line ends with a newline, the last one too, so that copying a run of lines is one copy.
        let lines = content.last.map { $0 == newline } ?? true ? content : content + [newline]
        var out: [UInt8] = []
        out.reserveCapacity(lines.count + lines.count / 16)
        lines.withUnsafeBufferPointer { bytes in
            // The gap: the lines since the last sequence ended, with where its first drawing line starts
            // and its last painting line ends.
            var gapStart = 0, firstDrawing: Int?, lastPainting: Int?
            func flushGap(to end: Int) {
                if let first = firstDrawing, let last = lastPainting, first < last {
                    copy(bytes, gapStart..<first, to: &out)
                    out += opening(.layout).utf8; out.append(newline)
                    copy(bytes, first..<last, to: &out)
                    out += "EMC\n".utf8
                    copy(bytes, last..<end, to: &out)
                } else {
                    copy(bytes, gapStart..<end, to: &out)
                }
                firstDrawing = nil; lastPainting = nil
            }
            var mcid = 0, start = 0
            while start < bytes.count {
                var next = lineEnd(bytes, from: start) + 1
                switch kind(bytes, start..<next - 1) {
                case .beginSequence:
                    flushGap(to: start)
                    if mcid < artifacts.count, let kind = artifacts[mcid] {
                        out += opening(kind).utf8; out.append(newline)
                    } else {
                        copy(bytes, start..<next, to: &out)
                    }
                    mcid += 1
                    // The sequence, through its EMC line, as it is.
                    let body = next
                    while next < bytes.count {
                        let end = lineEnd(bytes, from: next)
                        let closes = kind(bytes, next..<end) == .endSequence
                        next = end + 1
                        if closes { break }
                    }
                    copy(bytes, body..<next, to: &out)
                    gapStart = next
                case .state:
                    break
                case .painting:
                    if firstDrawing == nil { firstDrawing = start }
                    lastPainting = next
                case .endSequence, .other:
                    if firstDrawing == nil { firstDrawing = start }
                }
                start = next
            }
            flushGap(to: bytes.count)
        }
        return out
    }

    private static let newline = UInt8(ascii: "\n")

    static func opening(_ kind: StructureTag.Artifact) -> String {
        switch kind {
        case .header: "/Artifact << /Type /Pagination /Subtype /Header >> BDC"
        case .footer: "/Artifact << /Type /Pagination /Subtype /Footer >> BDC"
        case .repeatedHeader: "/Artifact << /Type /Pagination >> BDC"
        case .layout: "/Artifact << /Type /Layout >> BDC"
        }
    }

    private static func copy(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// The index of the newline ending the line that starts at `start`, or the end of the stream.
    private static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        while end < bytes.count, bytes[end] != newline { end += 1 }
        return end
    }

    private enum LineKind { case beginSequence, endSequence, state, painting, other }

    /// What a line does, by its last token, the operator.
    private static func kind(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> LineKind {
        var end = line.upperBound
        while end > line.lowerBound, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        var start = end
        while start > line.lowerBound, bytes[start - 1] != UInt8(ascii: " ") { start -= 1 }
        guard end - start <= 3 else { return .other }
        var key = UInt32(end - start) << 24
        for i in start..<end { key |= UInt32(bytes[i]) << (8 * UInt32(i - start)) }
        if key == begin { return .beginSequence }
        if key == emc { return .endSequence }
        if stateOperators.contains(key) { return .state }
        if paintingOperators.contains(key) { return .painting }
        return .other
    }

    /// An operator of up to three bytes as one number: its length, then its bytes.
    private static func key(_ name: String) -> UInt32 {
        name.utf8.enumerated().reduce(UInt32(name.utf8.count) << 24) {
            $0 | UInt32($1.element) << (8 * UInt32($1.offset))
        }
    }
    private static let begin = key("BDC"), emc = key("EMC")
    /// Operators that only set the graphics state: nothing to mark.
    private static let stateOperators = Set(
        [
            "q", "Q", "cm", "gs", "w", "J", "j", "M", "d", "ri", "i",
            "g", "G", "rg", "RG", "k", "K", "cs", "CS", "sc", "SC", "scn", "SCN", "",
        ].map(key))
    /// Operators that put marks on the page.
    private static let paintingOperators = Set(
        ["f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do", "EI", "ET"].map(key))
}
