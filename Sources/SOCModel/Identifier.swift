/// The contract's `identifier`: tenant and document ids that are safe as one path segment.
public enum Identifier {
    /// Whether `text` matches `^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$`: 1 to 64 ASCII letters, digits,
    /// '-', '_' or '.', not starting with '.', so never "." or ".." and never holding a '/'.
    public static func isSafeIdentifier(_ text: String) -> Bool {
        isSafeName(text, maxLength: 64)
    }

    /// The identifier's characters, not starting with '.', in at most `maxLength` bytes: a name that is
    /// one path segment, never "..", a hidden file or a temporary file.
    public static func isSafeName(_ text: String, maxLength: Int) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, bytes.count <= maxLength, first != UInt8(ascii: ".") else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
                true
            default:
                false
            }
        }
    }
}
