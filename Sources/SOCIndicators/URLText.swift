/// A URL to block in the form a proxy sees on the wire (RFC 3986): an internationalised host as its
/// A-labels, and every byte RFC 3986 does not allow in a URL — spaces, quotes other than "'", '\',
/// control characters, UTF-8 bytes of non-ASCII characters — percent-encoded. Existing "%XX"
/// escapes are kept as they are; a '%' not starting one is encoded.
enum URLText {
    static func wireForm(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return percentEncoded(Substring(text)) }
        let afterScheme = text[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        let hostStart = authority.lastIndex(of: "@").map(authority.index(after:)) ?? authority.startIndex
        var hostEnd = authority.endIndex
        if authority[hostStart...].first != "[", let colon = authority[hostStart...].lastIndex(of: ":") {
            hostEnd = colon
        }
        let host = String(authority[hostStart..<hostEnd])
        let asciiHost =
            host.unicodeScalars.allSatisfy(\.isASCII) ? host : ((try? DomainName.asciiForm(host).get()) ?? host)
        return percentEncoded(text[..<schemeEnd.upperBound]) + percentEncoded(authority[..<hostStart])
            + percentEncoded(Substring(asciiHost)) + percentEncoded(authority[hostEnd...])
            + percentEncoded(afterScheme[authorityEnd...])
    }

    private static func percentEncoded(_ text: Substring) -> String {
        let bytes = Array(text.utf8)
        var out = ""
        out.reserveCapacity(bytes.count)
        for (i, byte) in bytes.enumerated() {
            if isAllowed(byte)
                || (byte == UInt8(ascii: "%") && i + 2 < bytes.count && isHex(bytes[i + 1]) && isHex(bytes[i + 2]))
            {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// RFC 3986 unreserved and reserved characters.
    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: "-._~:/?#[]@!$&'()*+,;=".utf8.contains(byte)
        }
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "F"),
            UInt8(ascii: "a")...UInt8(ascii: "f"):
            true
        default: false
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
