import SOCLayout

/// A measured text as the fake measurer breaks it; keeps the text so tests can find labels.
final class FakeLayout: TextLayout {
    let text: String
    let style: TextStyle
    let lineTexts: [String]
    let lines: [LineBox]
    init(text: String, style: TextStyle, lineTexts: [String], lines: [LineBox]) {
        self.text = text; self.style = style; self.lineTexts = lineTexts; self.lines = lines
    }
}

/// Deterministic text measurement: every scalar 0.55 × size wide, CJK and full-width scalars 1.0 × size;
/// lines 1.2 × size high; wraps at spaces, between CJK scalars, and inside words too long for a line.
struct FakeMeasurer: TextMeasurer {
    static func advance(_ scalar: Unicode.Scalar, size: Double) -> Double {
        isWide(scalar) ? size : size * 0.55
    }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3000...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF: true
        default: false
        }
    }

    static func width(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + advance($1, size: size) }
    }

    func layout(_ text: String, style: TextStyle, width: Double?) -> TextLayout {
        var lineTexts: [String] = []
        var widths: [Double] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = "", lineWidth = 0.0, pendingSpace = ""
            func push() {
                lineTexts.append(line); widths.append(lineWidth); line = ""; lineWidth = 0; pendingSpace = ""
            }
            for token in Self.tokens(String(paragraph)) {
                if token == " " { if !line.isEmpty { pendingSpace += " " }; continue }
                let w = Self.width(token, size: style.size)
                let spaceWidth = Self.width(pendingSpace, size: style.size)
                if let width, !line.isEmpty, lineWidth + spaceWidth + w > width { push() }
                if let width, line.isEmpty, w > width {
                    for scalar in token.unicodeScalars {
                        let a = Self.advance(scalar, size: style.size)
                        if !line.isEmpty && lineWidth + a > width { push() }
                        line.unicodeScalars.append(scalar); lineWidth += a
                    }
                    continue
                }
                line += pendingSpace + token
                lineWidth += Self.width(pendingSpace, size: style.size) + w
                pendingSpace = ""
            }
            push()
        }
        let lineHeight = style.size * 1.2
        let boxes = widths.enumerated().map { LineBox(top: Double($0) * lineHeight, height: lineHeight, width: $1) }
        return FakeLayout(text: text, style: style, lineTexts: lineTexts, lines: boxes)
    }

    /// Words, single spaces, and single wide scalars (each a break opportunity).
    private static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        for scalar in text.unicodeScalars {
            if scalar == " " || isWide(scalar) {
                if !word.isEmpty { tokens.append(word); word = "" }
                tokens.append(String(scalar))
            } else {
                word.unicodeScalars.append(scalar)
            }
        }
        if !word.isEmpty { tokens.append(word) }
        return tokens
    }
}
