import Foundation
import Testing

@testable import SOCModel

@Suite("Schema compiler and validator")
struct SchemaTests {
    private func json(_ text: String) throws -> JSONValue {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            try Result { () throws(JSONSyntaxError) in try JSONParser.parse(buffer) }.get()
        }
    }

    private func problems(_ instance: String, schema: String) throws -> [Problem] {
        let set = try SchemaSet(documents: ["s.json": try json(schema)])
        var validator = SchemaValidator()
        validator.validate(try json(instance), against: try #require(set.root("s.json")))
        return validator.problems.all
    }

    @Test func shippedSchemasCompile() throws {
        let set = try SchemaSet.shipped.get()
        for name in SchemaSet.fileNames {
            #expect(set.root(name) != nil, "\(name)")
        }
    }

    @Test func unimplementedKeywordsAreRefused() throws {
        let schema = try json(#"{"type": "array", "maxItems": 3}"#)
        #expect(throws: SchemaError.self) { try SchemaSet(documents: ["s.json": schema]) }
    }

    @Test func danglingReferencesAreRefused() throws {
        let schema = try json(##"{"$ref": "#/$defs/nothing"}"##)
        #expect(throws: SchemaError.self) { try SchemaSet(documents: ["s.json": schema]) }
    }

    @Test func oneOfWithoutDiscriminator() throws {
        let schema = #"{"oneOf": [{"type": "string"}, {"type": "integer", "minimum": 0}, {"type": "number"}]}"#
        #expect(try problems(#""text""#, schema: schema) == [])
        #expect(try problems("1.5", schema: schema) == [])
        #expect(
            try problems("null", schema: schema) == [Problem(path: "$", message: "matches none of the 3 allowed forms")]
        )
        #expect(
            try problems("3", schema: schema) == [
                Problem(path: "$", message: "matches more than one of the allowed forms")
            ])
    }

    @Test func discriminatedOneOfNamesTheChoices() throws {
        let schema = #"{"oneOf": [{"properties": {"kind": {"const": "a"}}}, {"properties": {"kind": {"const": "b"}}}]}"#
        #expect(
            try problems(#"{"kind": "c"}"#, schema: schema) == [
                Problem(path: "$", message: "property \"kind\" must be one of a, b")
            ])
    }

    @Test func recursiveReferencesAreRefused() throws {
        // The contract has none, and compiled nodes are immutable, so a cycle is a schema error.
        let schema = try json(
            ##"{"$defs": {"node": {"properties": {"next": {"$ref": "#/$defs/node"}}}}, "$ref": "#/$defs/node"}"##)
        #expect(throws: SchemaError.self) { try SchemaSet(documents: ["s.json": schema]) }
    }

    @Test func sharedReferencesAreNotRecursion() throws {
        let schema =
            ##"{"$defs": {"n": {"type": "integer"}}, "properties": {"a": {"$ref": "#/$defs/n"}, "b": {"$ref": "#/$defs/n"}}}"##
        #expect(
            try problems(#"{"a": 1, "b": "x"}"#, schema: schema) == [
                Problem(path: "$.b", message: "expected integer, found string")
            ])
    }

    /// The contract's patterns are checked by byte scans; they must answer as `Regex` does, on the
    /// strings where a hand-written check could slip: lengths, ranges, non-ASCII digits, line ends.
    @Test(arguments: [
        #"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$"#, #"^[0-9]{4}-(0[1-9]|1[0-2])$"#, #"^T[0-9]{4}(\.[0-9]{3})?$"#,
    ])
    func contractPatternsMatchAsTheirRegex(_ source: String) throws {
        let pattern = try #require(SchemaPattern(source)), regex = try Regex(source)
        let samples = [
            "", "a", "abc", "A-b_c.9", "-x", "_x", ".x", "x.", "a b", "abc\n", "abc\r\n", "\nabc", "a\u{301}",
            "é", "２０２６-01", String(repeating: "a", count: 64), String(repeating: "a", count: 65),
            "2026-01", "2026-09", "2026-10", "2026-12", "2026-00", "2026-13", "2026-1", "2026-011", "202-01", "2026/01",
            "2026-01\n", "T1234", "T1234.001", "T1234.01", "T1234.", "T12345", "t1234", "T123", "T1234.0011",
            "T1234x001",
            "T１２３４", "T1234\n",
        ]
        for text in samples {
            #expect(pattern.matches(text) == text.contains(regex), "\(text.debugDescription)")
        }
    }

    @Test func otherPatternsAreRegularExpressions() throws {
        let schema = #"{"type": "string", "pattern": "^(ab)+$"}"#
        #expect(try problems(#""abab""#, schema: schema) == [])
        #expect(
            try problems(#""aba""#, schema: schema) == [
                Problem(path: "$", message: #""aba" does not match the pattern ^(ab)+$"#)
            ])
        #expect(throws: SchemaError.self) { try SchemaSet(documents: ["s.json": try json(#"{"pattern": "("}"#)]) }
    }
}
