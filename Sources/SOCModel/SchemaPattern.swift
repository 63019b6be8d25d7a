/// A schema `pattern`, compiled. The few the contract uses (identifiers, months, ATT&CK technique ids)
/// are checked by byte scans written for them: they are matched for tens of thousands of strings in a
/// large incident, where Swift `Regex` took longer than parsing the JSON. Any other pattern falls back
/// to `Regex`.
struct SchemaPattern: @unchecked Sendable {
    // `Regex<AnyRegexOutput>` is not declared Sendable, but it is never mutated after it is built,
    // and the matcher it compiles lazily is published atomically.
    let source: String
    private let matcher: Matcher

    private enum Matcher {
        /// ^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$
        case identifier
        /// ^[0-9]{4}-(0[1-9]|1[0-2])$
        case month
        /// ^T[0-9]{4}(\.[0-9]{3})?$
        case attackTechnique
        case regex(Regex<AnyRegexOutput>)
    }

    /// Nil when `source` is not a regular expression.
    init?(_ source: String) {
        self.source = source
        switch source {
        case #"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$"#: matcher = .identifier
        case #"^[0-9]{4}-(0[1-9]|1[0-2])$"#: matcher = .month
        case #"^T[0-9]{4}(\.[0-9]{3})?$"#: matcher = .attackTechnique
        default:
            guard let regex = try? Regex(source) else { return nil }
            matcher = .regex(regex)
        }
    }

    /// Whether `text` matches, as the pattern would anywhere in it (JSON Schema patterns are not anchored
    /// implicitly; these three anchor themselves).
    func matches(_ text: String) -> Bool {
        switch matcher {
        case .identifier:
            return Self.isIdentifier(text.utf8)
        case .month:
            guard text.utf8.count == 7 else { return false }
            let b = Array(text.utf8)
            guard b[0..<4].allSatisfy(Self.isDigit), b[4] == UInt8(ascii: "-") else { return false }
            return b[5] == UInt8(ascii: "0")
                ? b[6] >= UInt8(ascii: "1") && b[6] <= UInt8(ascii: "9")
                : b[5] == UInt8(ascii: "1") && b[6] >= UInt8(ascii: "0") && b[6] <= UInt8(ascii: "2")
        case .attackTechnique:
            guard text.utf8.count == 5 || text.utf8.count == 9 else { return false }
            let b = Array(text.utf8)
            guard b[0] == UInt8(ascii: "T"), b[1..<5].allSatisfy(Self.isDigit) else { return false }
            return b.count == 5 || b[5] == UInt8(ascii: ".") && b[6..<9].allSatisfy(Self.isDigit)
        case .regex(let regex):
            return text.contains(regex)
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isIdentifier<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        func allowed(_ byte: UInt8) -> Bool {
            isDigit(byte) || byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard let first = bytes.first, bytes.count <= 64, allowed(first) else { return false }
        return bytes.dropFirst().allSatisfy { allowed($0) || $0 == UInt8(ascii: ".") }
    }
}
