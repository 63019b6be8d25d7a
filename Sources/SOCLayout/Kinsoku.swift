/// Japanese line-breaking rules (kinsoku shori): characters that may not begin a line and characters
/// that may not end one. Unicode's line-breaking algorithm, as Pango applies it, lets small kana and the
/// prolonged sound mark start a line; Japanese typesetting (JIS X 4051) does not.
public enum Kinsoku {
    static let noLineStart: Set<Unicode.Scalar> = Set((
        "、。，．,.・：；:;？！?!‼⁇⁈⁉ー―‐–〜～゠ヽヾゝゞ々〻…‥゛゜)）]］}｝〕〉》」』】〙〗〟’”｠»" as String
        + "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ%％‰℃").unicodeScalars)
    static let noLineEnd: Set<Unicode.Scalar> = Set("(（[［{｛〔〈《「『【〘〖〝‘“｟«".unicodeScalars)

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
