import SOCModel

/// Makes any text safe to typeset: nothing an analyst pastes may break a report or hide from the
/// reader. Control characters, bidirectional overrides and characters no accepted font can show
/// become "[U+XXXX]" (a security report must not silently drop
/// or disguise what was in the evidence), and line ends are normalised. In a value to act on
/// (`TextStyle.showsInvisibles`), so do the characters that draw nothing.
struct TextSanitizer {
    let covers: (Unicode.Scalar) -> Bool

    func clean(_ text: String, showingInvisibles: Bool = false) -> (text: String, replaced: Int) {
        let isKept = { (scalar: Unicode.Scalar) in
            self.isKept(scalar) && !(showingInvisibles && scalar.properties.isDefaultIgnorableCodePoint)
        }
        // Most texts need nothing: check before building a copy.
        if text.unicodeScalars.allSatisfy(isKept) { return (text, 0) }
        var out = String.UnicodeScalarView()
        var replaced = 0
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\n":
                if !previousWasCR { out.append(scalar) }
            case "\r":
                out.append("\n")
            case "\t":
                out.append(" ")
            default:
                if isKept(scalar) {
                    out.append(scalar)
                } else {
                    out.append(contentsOf: Self.notation(scalar))
                    replaced += 1
                }
            }
        }
        return (String(out), replaced)
    }

    /// Whether `clean` keeps the scalar as it is (line ends and tabs aside, which it normalises).
    private func isKept(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x20..<0x7F: true
        case 0x00..<0x20, 0x7F..<0xA0, 0x202A...0x202E, 0x2066...0x2069: false
        default: covers(scalar) || scalar.properties.isDefaultIgnorableCodePoint
        }
    }

    static func notation(_ scalar: Unicode.Scalar) -> String.UnicodeScalarView {
        "[U+\(zeroPadded(Int(scalar.value), width: 4, radix: 16))]".unicodeScalars
    }
}
