/// Japanese line-breaking rules (kinsoku shori): characters that may not begin a line and characters
/// that may not end one. Unicode's line-breaking algorithm, as Pango applies it, lets small kana and the
/// prolonged sound mark start a line; Japanese typesetting (JIS X 4051) does not.
public enum Kinsoku {
    // Bitmaps, not Sets: these are consulted for every character of every text, and hashing each
    // scalar cost more than the rest of the scan.
    static let noLineStart = ScalarBitmap(
        ("、。，．,.・：；:;？！?!‼⁇⁈⁉ー―‐–〜～゠ヽヾゝゞ々〻…‥゛゜)）]］}｝〕〉》」』】〙〗〟’”｠»" as String
            + "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ%％‰℃").unicodeScalars)
    static let noLineEnd = ScalarBitmap("(（[［{｛〔〈《「『【〘〖〝‘“｟«".unicodeScalars)

    /// UTF-8 byte ranges, each spanning two or more scalars that must stay on one line.
    public static func unbreakableRanges(in text: String) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var previousStart = -1
        var previous: Unicode.Scalar? = nil
        var offset = 0
        for scalar in text.unicodeScalars {
            let length = UTF8.width(scalar)
            if let previous, previousStart >= 0,
                noLineStart.contains(scalar) || noLineEnd.contains(previous)
            {
                let range = previousStart..<(offset + length)
                if let last = ranges.last, last.upperBound > range.lowerBound {
                    ranges[ranges.count - 1] = last.lowerBound..<range.upperBound
                } else {
                    ranges.append(range)
                }
            }
            previous = scalar
            previousStart = offset
            offset += length
        }
        return ranges
    }
}

extension Kinsoku {
    /// UTF-8 byte ranges of katakana words: two or more katakana, prolonged sound and iteration marks
    /// included, the middle dot "・" separating words. Japanese may break between any two kana, but a
    /// loan word ("アンチウイルス") reads as one word: a backend keeps it whole when the line allows.
    public static func katakanaWords(in text: String) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var start: Int? = nil, count = 0, offset = 0
        func close() {
            if let start, count >= 2 { words.append(start..<offset) }
            start = nil
            count = 0
        }
        for scalar in text.unicodeScalars {
            if isKatakana(scalar) {
                if start == nil { start = offset }
                count += 1
            } else {
                close()
            }
            offset += UTF8.width(scalar)
        }
        close()
        return words
    }

    private static func isKatakana(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30FB: false // ・ separates words
        case 0x30A1...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: true
        default: false
        }
    }

    /// Where a paragraph's last line holds a single character (with any closing marks kinsoku keeps
    /// with it) after a line of three or more: the range binding that character to the last one of the
    /// line before, so that both go to the last line, as Japanese typesetting does. `lines` are the
    /// UTF-8 byte ranges of the laid-out lines, in order; a paragraph ends at a line feed or the end.
    public static func lonelyLastCharacters(lines: [Range<Int>], in text: String) -> [Range<Int>] {
        let bytes = Array(text.utf8)
        func characters(_ range: Range<Int>) -> [Character] {
            guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return [] }
            return Array(String(decoding: bytes[range], as: UTF8.self))
        }
        var binds: [Range<Int>] = []
        for (previous, last) in zip(lines, lines.dropFirst()) where previous.upperBound == last.lowerBound {
            guard last.upperBound == bytes.count || (last.upperBound < bytes.count && bytes[last.upperBound] == 0x0A)
            else { continue }
            let counted = characters(last).filter {
                !$0.isWhitespace && !$0.unicodeScalars.allSatisfy(noLineStart.contains)
            }
            let before = characters(previous)
            guard counted.count == 1, before.count >= 3, let end = before.last, !end.isWhitespace else { continue }
            binds.append((previous.upperBound - end.utf8.count)..<last.upperBound)
        }
        return binds
    }

    /// `ranges` joined where they overlap, in order.
    public static func union(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, last.upperBound > range.lowerBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                out.append(range)
            }
        }
        return out
    }
}

/// A set of Basic Multilingual Plane scalars as one bit per code point (8 KB).
struct ScalarBitmap: Sendable {
    private var words = [UInt64](repeating: 0, count: 0x10000 / 64)

    init(_ scalars: some Sequence<Unicode.Scalar>) {
        for scalar in scalars {
            precondition(scalar.value < 0x10000, "only BMP scalars")
            words[Int(scalar.value >> 6)] |= 1 << UInt64(scalar.value & 63)
        }
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x10000 && words[Int(scalar.value >> 6)] & (1 << UInt64(scalar.value & 63)) != 0
    }
}
