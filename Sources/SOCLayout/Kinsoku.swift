/// Japanese line-breaking rules (kinsoku shori): characters that may not begin a line and characters
/// that may not end one. Unicode's line-breaking algorithm, as Pango applies it, lets small kana and the
/// prolonged sound mark start a line; Japanese typesetting (JIS X 4051) does not.
public enum Kinsoku {
    // Bitmaps, not Sets: these are consulted for every character of every text, and hashing each
    // scalar cost more than the rest of the scan.
    static let noLineStart = ScalarBitmap((
        "、。，．,.・：；:;？！?!‼⁇⁈⁉ー―‐–〜～゠ヽヾゝゞ々〻…‥゛゜)）]］}｝〕〉》」』】〙〗〟’”｠»" as String
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
               noLineStart.contains(scalar) || noLineEnd.contains(previous) {
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
