import Foundation
import Testing

@testable import SOCModel

@Suite("JSON parser")
struct JSONParserTests {
    private func parse(_ text: String) -> Result<JSONValue, JSONSyntaxError> {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONSyntaxError) in try JSONParser.parse(buffer) }
        }
    }

    /// The error message as `DocumentReader` shows it, with line and column.
    private func error(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard case .failure(let error) = parse(text) else { return nil }
        return bytes.withUnsafeBufferPointer { error.located(in: $0) }
    }

    @Test func objectsKeepKeyOrder() throws {
        let value = try parse(#"{"b": 1, "a": [true, false, null], "c": {"d": "e"}}"#).get()
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        #expect(object.members.map(\.key) == ["b", "a", "c"])
        #expect(object["a"] == .array([.bool(true), .bool(false), .null]))
        #expect(object["c"] == .object(JSONObject([.init(key: "d", value: .string("e"))])))
        #expect(object["missing"] == nil)
    }

    @Test(arguments: [
        ("0", JSONValue.int(0)), ("-0", .int(0)), ("42", .int(42)), ("-17", .int(-17)),
        ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808)), ("1.5", .double(1.5)),
        ("1e3", .double(1000)), ("-2.5E-1", .double(-0.25)), ("1.0", .double(1)),
    ])
    func numbers(_ text: String, _ expected: JSONValue) throws {
        #expect(try parse(text).get() == expected)
    }

    @Test func integralDoublesCountAsIntegers() {
        #expect(JSONValue.double(1).integerValue == 1)
        #expect(JSONValue.double(1.5).integerValue == nil)
        #expect(JSONValue.double(1e30).integerValue == nil)
    }

    @Test func stringEscapes() throws {
        let value = try parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\u3042\ud83d\ude00""#).get()
        #expect(value == .string("a\"b\\c/d\u{8}\u{c}\n\r\té\u{3042}😀"))
    }

    @Test func unicodeIsKept() throws {
        #expect(
            try parse(#"{"名前": "はなまる食品"}"#).get() == .object(JSONObject([.init(key: "名前", value: .string("はなまる食品"))])))
    }

    @Test func byteOrderMarkIsSkipped() throws {
        #expect(try parse("\u{FEFF}[1]").get() == .array([.int(1)]))
    }

    @Test(arguments: [
        ("", "line 1, column 1: expected a value, found end of input"),
        ("{", "line 1, column 2: expected a string key, found end of input"),
        ("[1, 2,]", "line 1, column 7: expected a value, found ']'"),
        (#"{"a": 1,}"#, "line 1, column 9: expected a string key, found '}'"),
        (#"{"a" 1}"#, "line 1, column 6: expected ':' after the key \"a\", found '1'"),
        ("[1 2]", "line 1, column 4: expected ',' or ']' after an array element, found '2'"),
        ("{\n\"a\": 1\n\"b\": 2}", "line 3, column 1: expected ',' or '}' after an object member, found '\"'"),
        ("01", "line 1, column 1: invalid number: leading zeros are not allowed"),
        ("-", "line 1, column 1: invalid number: expected a digit at end of input"),
        ("1.", "line 1, column 1: invalid number: expected a digit at end of input"),
        ("1e400", "line 1, column 1: number 1e400 is out of range"),
        ("tru", "line 1, column 1: invalid literal, expected true"),
        ("nul", "line 1, column 1: invalid literal, expected null"),
        (#""abc"#, "line 1, column 1: unterminated string"),
        ("\"a\nb\"", "line 1, column 3: control character U+000A must be escaped in a string"),
        (#""\x""#, "line 1, column 2: invalid escape sequence \\x"),
        (#""\u12""#, "line 1, column 2: \\u must be followed by four hex digits"),
        (#""\ud800""#, "line 1, column 2: unpaired surrogate \\uD800"),
        (#""\udc00""#, "line 1, column 2: unpaired surrogate \\uDC00"),
        ("[1] [2]", "line 1, column 5: expected end of input after the JSON value, found '['"),
        ("// comment", "line 1, column 1: expected a value, found '/'"),
        ("「", "line 1, column 1: expected a value, found '「'"),
        ("[\"日本\", x]", "line 1, column 8: expected a value, found 'x'"),
    ])
    func syntaxErrors(_ text: String, _ message: String) {
        #expect(error(text) == message)
    }

    @Test func trailingContentIsMarked() {
        guard case .failure(let error) = parse("{} {}") else { Issue.record("parsed"); return }
        #expect(error.isTrailingContent)
    }

    @Test func nestingLimit() throws {
        let deepest =
            String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        #expect(throws: Never.self) { try parse(deepest).get() }
        let tooDeep = "[" + deepest + "]"
        #expect(error(tooDeep) == "line 1, column 257: nesting is deeper than 256 levels")
    }

    @Test func duplicateKeysInLargeObjects() {
        // Objects past 32 keys check duplicates with a set instead of a scan.
        let keys = (0..<40).map { "\"k\($0)\": \($0)" } + ["\"k7\": 0"]
        #expect(error("{" + keys.joined(separator: ", ") + "}")?.hasSuffix("duplicate key \"k7\"") == true)
    }

    @Test(
        arguments: [
            ([0x61, 0x62], nil), ([0xC3, 0xA9], nil), ([0xE3, 0x81, 0x82], nil), ([0xF0, 0x9F, 0x98, 0x80], nil),
            ([0x61, 0xFF], 1), ([0xC0, 0x80], 0), ([0xE0, 0x80, 0x80], 0), ([0xED, 0xA0, 0x80], 0),
            ([0xF4, 0x90, 0x80, 0x80], 0), ([0x61, 0x62, 0xE3, 0x81], 2), ([0x80], 0),
            (Array("0123456789abcdef".utf8) + [0xFE], 16),
        ] as [([UInt8], Int?)])
    func utf8Validation(_ bytes: [UInt8], _ offset: Int?) {
        #expect(bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) } == offset)
    }
}
