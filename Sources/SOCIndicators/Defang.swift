import Foundation

/// Indicators written so that no reader or PDF viewer turns them into a working link.
public enum Defang {
    /// Every scheme, not only the leading one: "…?next=http://…" inside a URL is a link of its own to a viewer.
    /// One pass over the UTF-8 bytes (schemes in any case of ASCII letters, every dot bracketed): it runs
    /// for every log row of an incident, where a regular expression cost more than reading the document.
    public static func url(_ s: String) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var i = 0
        while i < bytes.count {
            if let (length, replacement) = scheme(in: bytes, at: i) {
                out += replacement
                i += length
            } else if bytes[i] == UInt8(ascii: ".") {
                out += "[.]".utf8
                i += 1
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let schemes: [(plain: [UInt8], defanged: [UInt8])] =
        [("https://", "hxxps://"), ("http://", "hxxp://"), ("ftp://", "fxp://")].map {
            (Array($0.utf8), Array($1.utf8))
        }

    /// The scheme with its "://" starting at `i`, if one does: its length and its defanged form.
    private static func scheme(in bytes: [UInt8], at i: Int) -> (Int, [UInt8])? {
        let first = bytes[i] | 0x20
        guard first == UInt8(ascii: "h") || first == UInt8(ascii: "f") else { return nil }
        for (plain, defanged) in schemes where i + plain.count <= bytes.count {
            // Folding by `| 0x20` maps only letters to letters here: ':' and '/' compare unchanged.
            if (0..<plain.count).allSatisfy({ plain[$0] == (plain[$0] >= 0x61 ? bytes[i + $0] | 0x20 : bytes[i + $0]) })
            {
                return (plain.count, defanged)
            }
        }
        return nil
    }

    public static func host(_ s: String) -> String { s.replacingOccurrences(of: ".", with: "[.]") }

    /// IPv4 dots and IPv6 colons are bracketed; a CIDR suffix stays readable.
    public static func ip(_ s: String) -> String {
        s.contains(":") ? s.replacingOccurrences(of: ":", with: "[:]") : host(s)
    }
}

/// Defangs, inside an analyst's free text, every indicator the record lists for blocking and every URL
/// with a scheme: the report's note that indicators are defanged must hold for its prose as well, and
/// PDF viewers turn "https://…" in text into live links.
public struct ProseDefanger: Sendable {
    /// Listed domains, URLs and IPs, longest first, so that a listed URL ("evil.example/gate.php") is
    /// replaced whole before its host alone could be.
    private let indicators: [(plain: String, defang: @Sendable (String) -> String)]

    public init(domains: [String], urls: [String], ips: [String]) {
        let listed: [(String, @Sendable (String) -> String)] =
            domains.map { ($0, Defang.host) } + urls.map { ($0, Defang.url) } + ips.map { ($0, Defang.ip) }
        indicators = listed.filter { !$0.0.isEmpty }.sorted { $0.0.count > $1.0.count }
    }

    public func callAsFunction(_ text: String) -> String {
        var out = text
        // The regular expression only where a scheme separator is: most texts have none.
        if Self.find(Array("://".utf8), in: Array(text.utf8), from: 0) != nil {
            out = out.replacing(Self.url) { match in
                // Punctuation closing the sentence or a parenthesis is not part of the URL.
                let url = String(match.output)
                let trailing = url.reversed().prefix { ".,;:!?)]".contains($0) }.count
                return Defang.url(String(url.dropLast(trailing))) + url.suffix(trailing)
            }
        }
        for (plain, defang) in indicators { out = Self.replace(plain, in: out, with: defang) }
        return out
    }

    /// A URL runs to white space, a quote or angle bracket, or Japanese punctuation. It is matched even
    /// right after a letter ("URL:https://…" or "見てhttps://…"): viewers link it there too.
    /// Built once: a regex literal in a computed property was compiled anew for every text.
    /// `Regex` is not declared Sendable, but it is never mutated and publishes its compiled program atomically.
    nonisolated(unsafe) private static let url = /(?i)(?:https?|ftp):\/\/[^\s<>"'「」『』（）、。]+/

    /// Whole-token occurrences only, ASCII letters in any case: "evil.example" inside "devil.example"
    /// or "10.0.0.1" inside "10.0.0.12" is another indicator. A full stop ending a sentence is not part
    /// of the token. Works on UTF-8 bytes: this runs over every free text of a record.
    private static func replace(_ plain: String, in text: String, with defang: (String) -> String) -> String {
        func isToken(_ byte: UInt8) -> Bool {
            byte >= 0x30 && byte <= 0x39 || byte >= 0x41 && byte <= 0x5A || byte >= 0x61 && byte <= 0x7A || byte == 0x2D
                || byte == 0x5F
        }
        let bytes = Array(text.utf8), needle = Array(plain.utf8)
        var out: [UInt8] = [], copied = 0, from = 0
        while let start = find(needle, in: bytes, from: from) {
            let end = start + needle.count
            let before: UInt8? = start > 0 ? bytes[start - 1] : nil
            let after: UInt8? = end < bytes.count ? bytes[end] : nil
            let continues = after == 0x2E && end + 1 < bytes.count && isToken(bytes[end + 1])
            if !(before.map { isToken($0) || $0 == 0x2E } ?? false) && !(after.map(isToken) ?? false) && !continues {
                out += bytes[copied..<start]
                out += defang(String(decoding: bytes[start..<end], as: UTF8.self)).utf8
                copied = end
            }
            from = end
        }
        guard copied > 0 else { return text }
        return String(decoding: out + bytes[copied...], as: UTF8.self)
    }

    /// The first index at or after `from` where `needle` occurs, ASCII letters matched in any case.
    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        func folded(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        guard let first = needle.first.map(folded), needle.count <= bytes.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if folded(bytes[i]) == first, (1..<needle.count).allSatisfy({ folded(bytes[i + $0]) == folded(needle[$0]) })
            {
                return i
            }
            i += 1
        }
        return nil
    }
}
