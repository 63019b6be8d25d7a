/// A mailbox for a message header: an optional display name and a plain ASCII address.
public struct MailAddress: Sendable, Equatable {
    public let name: String?
    public let address: String

    /// Nil unless `address` is a dot-atom `local@domain` in ASCII: nothing that could break out of the
    /// header (line breaks, '<', ',', quotes) and no internationalized address, which needs SMTPUTF8.
    public init?(name: String?, address: String) {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, Self.isDotAtom(parts[0], allowed: Self.isAtomText),
            Self.isDotAtom(parts[1], allowed: Self.isDomainText), parts[1].contains(".") || parts[1] == "localhost",
            address.utf8.count <= 254
        else { return nil }
        let trimmed = name?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.name = trimmed?.isEmpty == false ? trimmed : nil
        self.address = address
    }

    /// `Name <address>` as a header writes it: the name as atoms or a quoted string, or RFC 2047 words
    /// with the address folded onto the next line.
    func header() -> String {
        guard let name else { return address }
        if name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) {
            let phrase =
                name.utf8.allSatisfy({ Self.isAtomText($0) || $0 == UInt8(ascii: " ") })
                ? name
                : "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            return "\(phrase) <\(address)>"
        }
        return MIME.encodedWords(name.filter { !$0.isNewline }, bytesPerWord: 45) + "\r\n <\(address)>"
    }

    private static func isDotAtom(_ text: Substring, allowed: (UInt8) -> Bool) -> Bool {
        !text.isEmpty
            && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { atom in
                !atom.isEmpty && atom.utf8.allSatisfy(allowed)
            }
    }

    private static func isAtomText(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }

    private static func isDomainText(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
