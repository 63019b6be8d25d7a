import Foundation
import Testing

@testable import SOCModel

@Suite("Decoding from JSONValue")
struct JSONValueDecoderTests {
    private struct Sample: Decodable, Equatable {
        var name: String
        var count: Int
        var small: UInt8?
        var ratio: Double
        var flags: [Bool]
        var nested: [String: Int]
        var missing: String?
    }

    private func value(_ text: String) throws -> JSONValue {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            try Result { () throws(JSONSyntaxError) in try JSONParser.parse(buffer) }.get()
        }
    }

    @Test func decodesStandardTypes() throws {
        let json =
            #"{"name": "n", "count": 3.0, "small": 255, "ratio": 2, "flags": [true, false], "nested": {"a": 1}, "missing": null}"#
        let sample = try Sample(from: JSONValueDecoder(try value(json)))
        #expect(
            sample
                == Sample(
                    name: "n", count: 3, small: 255, ratio: 2, flags: [true, false], nested: ["a": 1], missing: nil))
    }

    @Test func errorsCarryTheCodingPath() throws {
        let json = #"{"name": "n", "count": 1, "small": 256, "ratio": 1, "flags": [true, 1], "nested": {}}"#
        do {
            _ = try Sample(from: JSONValueDecoder(try value(json)))
            Issue.record("decoded")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.codingPath.map(\.stringValue) == ["small"])
        }
        let wrongFlag = json.replacingOccurrences(of: #""small": 256"#, with: #""small": 1"#)
        do {
            _ = try Sample(from: JSONValueDecoder(try value(wrongFlag)))
            Issue.record("decoded")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(context.codingPath.map(\.intValue) == [nil, 1])
            #expect(context.codingPath.first?.stringValue == "flags")
        }
    }
}
