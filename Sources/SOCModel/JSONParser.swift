/// Where and why some bytes are not valid JSON (RFC 8259).
struct JSONSyntaxError: Error {
    /// Byte offset of the offending token.
    var offset: Int
    var reason: String
    /// The bytes held one complete value followed by more content: `readMany` takes that as a hint
    /// that the input is newline-delimited JSON.
    var isTrailingContent = false

    /// "line 3, column 14: <reason>", with the column counted in characters (Unicode scalars).
    func located(in bytes: UnsafeBufferPointer<UInt8>, firstLine: Int = 1) -> String {
        var line = firstLine
        var lineStart = 0
        let end = min(offset, bytes.count)
        for i in 0..<end where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        // Count UTF-8 lead bytes, not continuation bytes (10xxxxxx).
        let column = 1 + bytes[lineStart..<end].lazy.filter { $0 & 0xC0 != 0x80 }.count
        return "line \(line), column \(column): \(reason)"
    }
}

/// A recursive-descent JSON parser over UTF-8 bytes that were already checked to be valid UTF-8.
///
/// Strict RFC 8259: no comments, trailing commas, leading zeros or unescaped control characters.
/// Duplicate object keys are an error, since which of the two values counts would be a guess.
/// Nesting is limited so hostile input gets an error instead of exhausting the stack.
struct JSONParser {
    static let maxDepth = 256
    /// UTF-8's byte-order mark, which Windows tools write before JSON; skipped where an input starts.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses exactly one JSON value surrounded by optional whitespace (and an optional leading BOM).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes)
        if bytes.starts(with: byteOrderMark) { parser.index = byteOrderMark.count }
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index < bytes.count {
            var error = parser.unexpected("end of input after the JSON value")
            error.isTrailingContent = true
            throw error
        }
        return value
    }

    // MARK: - Values

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw unexpected("a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw unexpected("a value")
        }
    }

    private mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maxDepth {
            throw JSONSyntaxError(offset: index, reason: "nesting is deeper than \(Self.maxDepth) levels")
        }
        index += 1
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        var members: [JSONObject.Member] = []
        // Small objects check duplicates by scanning; large ones switch to a set to stay linear.
        var seenKeys: Set<String>?
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object(JSONObject(members))
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw unexpected("a string key")
            }
            let keyOffset = index
            let key = try parseString()
            let isDuplicate: Bool
            if members.count < 32 {
                isDuplicate = members.contains { $0.key == key }
            } else {
                if seenKeys == nil { seenKeys = Set(members.map(\.key)) }
                isDuplicate = !seenKeys!.insert(key).inserted
            }
            if isDuplicate {
                throw JSONSyntaxError(offset: keyOffset, reason: "duplicate key \"\(key)\"")
            }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw unexpected("':' after the key \"\(key)\"") }
            members.append(JSONObject.Member(key: key, value: try parseValue()))
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { break }
            throw unexpected("',' or '}' after an object member")
        }
        depth -= 1
        return .object(JSONObject(members))
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { break }
            throw unexpected("',' or ']' after an array element")
        }
        depth -= 1
        return .array(elements)
    }

    private mutating func parseLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let start = index
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes.count - index >= expected.count,
            bytes[index..<index + expected.count].elementsEqual(expected)
        else {
            throw JSONSyntaxError(offset: start, reason: "invalid literal, expected \(word)")
        }
        index += expected.count
    }

    // MARK: - Strings

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let opening = index
        index += 1
        let start = index
        // Fast path: most strings have no escapes and can be taken from the input as they are.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw unescapedControl(byte) }
            index += 1
        }
        var buffer = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case ..<0x20:
                throw unescapedControl(byte)
            default:
                buffer.append(byte)
                index += 1
            }
        }
        throw JSONSyntaxError(offset: opening, reason: "unterminated string")
    }

    private func unescapedControl(_ byte: UInt8) -> JSONSyntaxError {
        JSONSyntaxError(offset: index, reason: "control character \(hex(byte)) must be escaped in a string")
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        let escapeOffset = index
        index += 1
        guard index < bytes.count else { throw JSONSyntaxError(offset: escapeOffset, reason: "unterminated string") }
        let letter = bytes[index]
        index += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(letter)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var code = try parseHex4(escapeOffset: escapeOffset)
            let unpaired = JSONSyntaxError(
                offset: escapeOffset, reason: "unpaired surrogate \\u\(String(code, radix: 16, uppercase: true))")
            if (0xDC00...0xDFFF).contains(code) { throw unpaired }
            if (0xD800...0xDBFF).contains(code) {
                let lowOffset = index
                guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else { throw unpaired }
                let low = try parseHex4(escapeOffset: lowOffset)
                guard (0xDC00...0xDFFF).contains(low) else { throw unpaired }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            // Surrogates were excluded above, so every remaining code is a scalar.
            buffer.append(contentsOf: String(Character(Unicode.Scalar(code)!)).utf8)
        default:
            let shown =
                (0x21..<0x7F).contains(letter)
                ? String(Character(Unicode.Scalar(letter))) : " followed by \(hex(letter))"
            throw JSONSyntaxError(offset: escapeOffset, reason: "invalid escape sequence \\\(shown)")
        }
    }

    private mutating func parseHex4(escapeOffset: Int) throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - index >= 4 else {
            throw JSONSyntaxError(offset: escapeOffset, reason: "\\u must be followed by four hex digits")
        }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONSyntaxError(offset: escapeOffset, reason: "\\u must be followed by four hex digits")
            }
            code = code << 4 | UInt32(digit)
            index += 1
        }
        return code
    }

    // MARK: - Numbers

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            if index < bytes.count, isDigit(bytes[index]) {
                throw JSONSyntaxError(offset: start, reason: "invalid number: leading zeros are not allowed")
            }
        } else {
            try consumeDigits(numberStart: start)
        }
        var isInteger = true
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            try consumeDigits(numberStart: start)
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            isInteger = false
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            try consumeDigits(numberStart: start)
        }
        let literal = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if isInteger, let value = Self.int64(literal) {
            return .int(value)
        }
        let text = String(decoding: literal, as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw JSONSyntaxError(offset: start, reason: "number \(text) is out of range")
        }
        return .double(value)
    }

    private mutating func consumeDigits(numberStart: Int) throws(JSONSyntaxError) {
        let first = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        if index == first {
            throw JSONSyntaxError(
                offset: numberStart, reason: "invalid number: expected a digit at \(describeCurrent())")
        }
    }

    /// The integer literal's value, or nil when it does not fit `Int64` (it then becomes a `Double`).
    private static func int64(_ literal: UnsafeBufferPointer<UInt8>) -> Int64? {
        let negative = literal.first == UInt8(ascii: "-")
        // Accumulate negatively so Int64.min parses too.
        var value: Int64 = 0
        for byte in literal.dropFirst(negative ? 1 : 0) {
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = shifted.subtractingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            value = next
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    // MARK: - Bytes

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func unexpected(_ expectation: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: index, reason: "expected \(expectation), found \(describeCurrent())")
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of input" }
        let byte = bytes[index]
        guard byte >= 0x80 else { return describe(byte) }
        // A multi-byte character: show it whole (the input is valid UTF-8).
        let tail = UnsafeBufferPointer(rebasing: bytes[index..<min(index + 4, bytes.count)])
        return String(decoding: tail, as: UTF8.self).first.map { "'\($0)'" } ?? hex(byte)
    }

    private func describe(_ byte: UInt8) -> String {
        (0x20..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : hex(byte)
    }

    private func hex(_ byte: UInt8) -> String {
        "U+" + zeroPadded(Int(byte), width: 4, radix: 16)
    }
}
