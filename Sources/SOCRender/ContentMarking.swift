import SOCLayout

/// Rewrites a page's content stream as Cairo 1.16 wrote it so that everything in it is either content
/// of the structure tree or an artifact (ISO 32000-1 14.8.2.2): Cairo marks only the leaves it was given
/// (`/TD << /MCID 3 >> BDC` … `EMC`, one operator per line) and cannot write `/Artifact`.
///
/// - A marked-content sequence recorded as an artifact (page header or footer, a repeated table header)
///   gets the artifact's tag and properties instead of its MCID.
/// - What Cairo drew outside every sequence (rules, boxes, table fills, pills) is wrapped as a layout
///   artifact, from its first drawing operator to its last painting one.
enum ContentMarking {
    static func mark(_ content: [UInt8], artifacts: [StructureTag.Artifact?]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(content.count + content.count / 16)
        var gap: [Range<Int>] = []   // the lines since the last sequence ended
        var inside = false
        var mcid = 0
        var start = 0
        while start < content.count {
            var end = start
            while end < content.count, content[end] != newline { end += 1 }
            let line = start..<end
            start = end + 1
            if inside {
                out += content[line]; out.append(newline)
                if isOperator(content, line, "EMC") { inside = false }
            } else if isOperator(content, line, "BDC") {
                flush(&gap, of: content, into: &out)
                inside = true
                if mcid < artifacts.count, let kind = artifacts[mcid] { out += Array(opening(kind).utf8) } else { out += content[line] }
                out.append(newline)
                mcid += 1
            } else {
                gap.append(line)
            }
        }
        flush(&gap, of: content, into: &out)
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

    /// Writes the lines drawn outside any sequence, the drawing among them marked as a layout artifact.
    private static func flush(_ gap: inout [Range<Int>], of content: [UInt8], into out: inout [UInt8]) {
        defer { gap.removeAll(keepingCapacity: true) }
        let first = gap.firstIndex { !isStateOnly(content, $0) }
        let last = gap.lastIndex { paints(content, $0) }
        for (i, line) in gap.enumerated() {
            if let first, let last, first <= last, i == first { out += Array(opening(.layout).utf8); out.append(newline) }
            out += content[line]; out.append(newline)
            if let first, let last, first <= last, i == last { out += Array("EMC".utf8); out.append(newline) }
        }
    }

    /// The line's last token, the operator.
    private static func lastToken(_ content: [UInt8], _ line: Range<Int>) -> ArraySlice<UInt8> {
        var end = line.upperBound
        while end > line.lowerBound, content[end - 1] == UInt8(ascii: " ") || content[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var start = end
        while start > line.lowerBound, content[start - 1] != UInt8(ascii: " ") { start -= 1 }
        return content[start..<end]
    }

    private static func isOperator(_ content: [UInt8], _ line: Range<Int>, _ name: String) -> Bool {
        lastToken(content, line).elementsEqual(name.utf8)
    }

    /// Operators that only set the graphics state: nothing to mark.
    private static let stateOperators: Set<String> = ["q", "Q", "cm", "gs", "w", "J", "j", "M", "d", "ri", "i",
                                                      "g", "G", "rg", "RG", "k", "K", "cs", "CS", "sc", "SC", "scn", "SCN", ""]
    /// Operators that put marks on the page.
    private static let paintingOperators: Set<String> = ["f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do", "EI", "ET"]

    private static func isStateOnly(_ content: [UInt8], _ line: Range<Int>) -> Bool {
        stateOperators.contains(String(decoding: lastToken(content, line), as: UTF8.self))
    }

    private static func paints(_ content: [UInt8], _ line: Range<Int>) -> Bool {
        paintingOperators.contains(String(decoding: lastToken(content, line), as: UTF8.self))
    }
}
