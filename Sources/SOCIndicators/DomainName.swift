import Foundation

/// A domain name to block, as firewalls and STIX patterns need it: IDNA ToASCII (RFC 3490, the
/// Nameprep mapping of RFC 3491 without its prohibition tables) — characters mapped to nothing
/// removed, case folded, NFKC, the ideographic full stops read as dots, non-ASCII labels as
/// "xn--" A-labels.
enum DomainName {
    /// The A-label form of `text`, or why it cannot be loaded into a blocklist.
    static func asciiForm(_ text: String) -> Result<String, IndicatorProblem> {
        let mapped = String(
            String.UnicodeScalarView(text.unicodeScalars.filter { !mappedToNothing.contains($0.value) })
        )
        .lowercased().precomposedStringWithCompatibilityMapping
        var labels = mapped.split(omittingEmptySubsequences: false) { labelSeparators.contains($0) }.map(String.init)
        if labels.count > 1, labels.last == "" { labels.removeLast() } // the root's trailing dot
        var ascii: [String] = []
        for label in labels {
            guard !label.isEmpty else { return .failure(.init("\(quoted(text)) has an empty label")) }
            if label.unicodeScalars.allSatisfy(\.isASCII) {
                ascii.append(label)
            } else if let encoded = Punycode.encode(label) {
                ascii.append("xn--" + encoded)
            } else {
                return .failure(.init("\(quoted(text)) cannot be written as an A-label"))
            }
        }
        for label in ascii where !label.utf8.allSatisfy(isHostByte) || label.utf8.count > 63 {
            return .failure(
                .init(
                    "\(quoted(text)) is not a domain name: a label holds characters other than letters, digits, '-' and '_' or is longer than 63"
                ))
        }
        return .success(ascii.joined(separator: "."))
    }

    /// Letters, digits, '-' and '_' (which real malicious host names use, though RFC 952 does not allow it).
    private static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"),
            UInt8(ascii: "_"):
            true
        default: false
        }
    }

    /// RFC 3490 §3.1: full stop, ideographic full stop, fullwidth full stop, halfwidth ideographic full stop.
    private static let labelSeparators: Set<Character> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]

    /// RFC 3454 table B.1, "commonly mapped to nothing" (soft hyphen, zero-width characters, variation selectors…).
    private static let mappedToNothing: Set<UInt32> = Set(
        [0x00AD, 0x034F, 0x1806, 0x180B, 0x180C, 0x180D, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]
            + Array(0xFE00...0xFE0F))
}

func quoted(_ text: String) -> String { "\"\(text)\"" }
