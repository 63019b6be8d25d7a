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
        #expect(try problems("null", schema: schema) == [Problem(path: "$", message: "matches none of the 3 allowed forms")])
        #expect(try problems("3", schema: schema) == [Problem(path: "$", message: "matches more than one of the allowed forms")])
    }

    @Test func discriminatedOneOfNamesTheChoices() throws {
        let schema = #"{"oneOf": [{"properties": {"kind": {"const": "a"}}}, {"properties": {"kind": {"const": "b"}}}]}"#
        #expect(try problems(#"{"kind": "c"}"#, schema: schema) == [Problem(path: "$", message: "property \"kind\" must be one of a, b")])
    }

    @Test func recursiveReferencesAreRefused() throws {
        // The contract has none, and compiled nodes are immutable, so a cycle is a schema error.
        let schema = try json(##"{"$defs": {"node": {"properties": {"next": {"$ref": "#/$defs/node"}}}}, "$ref": "#/$defs/node"}"##)
        #expect(throws: SchemaError.self) { try SchemaSet(documents: ["s.json": schema]) }
    }

    @Test func sharedReferencesAreNotRecursion() throws {
        let schema = ##"{"$defs": {"n": {"type": "integer"}}, "properties": {"a": {"$ref": "#/$defs/n"}, "b": {"$ref": "#/$defs/n"}}}"##
        #expect(try problems(#"{"a": 1, "b": "x"}"#, schema: schema) == [Problem(path: "$.b", message: "expected integer, found string")])
    }
}
