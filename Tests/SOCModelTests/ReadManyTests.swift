import Foundation
import Testing

@testable import SOCModel

@Suite("Reading several documents")
struct ReadManyTests {
    private let tenants = try! String(
        contentsOf: Fixtures.shared.appendingPathComponent("samples/tenants.json"), encoding: .utf8)
    private let metrics =
        #"{"kind": "metrics", "schemaVersion": 1, "tenantId": "acme", "month": "2026-10", "funnel": {"logsBySource": {"proxy": 5}, "events": 3, "escalated": 1}}"#

    @Test func singleDocument() throws {
        let documents = try DocumentReader.readMany(Data(Fixtures.incident.utf8), source: "one.json")
        #expect(documents.map(\.document.kind) == ["incident"])
    }

    @Test func arrayOfDocuments() throws {
        let json = "[\(Fixtures.incident), \(metrics), \(tenants)]"
        let documents = try DocumentReader.readMany(Data(json.utf8), source: "many.json")
        #expect(documents.map(\.document.kind) == ["incident", "metrics", "tenants"])
    }

    @Test func emptyArray() throws {
        #expect(try DocumentReader.readMany(Data("[]".utf8), source: "none.json").isEmpty)
    }

    @Test func newlineDelimited() throws {
        let incidentLine = Fixtures.incident.replacingOccurrences(of: "\n", with: " ")
        let text = "\(metrics)\n\n\(incidentLine)\r\n\(metrics)\n"
        let documents = try DocumentReader.readMany(Data(text.utf8), source: "feed.ndjson")
        #expect(documents.map(\.document.kind) == ["metrics", "incident", "metrics"])
    }

    /// The positions come from the reading itself: an array after a byte-order mark is an array.
    @Test func positionsOfAnArrayAfterAByteOrderMark() throws {
        let line = Fixtures.incident.replacingOccurrences(of: "\n", with: " ")
        let bytes =
            Data([0xEF, 0xBB, 0xBF])
            + Data("[\(line),\(metrics),\(metrics.replacingOccurrences(of: "2026-10", with: "2026-11"))]".utf8)
        let documents = try DocumentReader.readMany(bytes, source: "bom.json")
        #expect(documents.map(\.position) == ["$[0]", "$[1]", "$[2]"])
        #expect(documents.map(\.document.kind) == ["incident", "metrics", "metrics"])
    }

    @Test func positionsOfLinesCountBlankOnes() throws {
        let text = "\u{FEFF}\r\n\(metrics) \r\n\r\n\t\r\n\(metrics)\r\n"
        #expect(
            try DocumentReader.readMany(Data(text.utf8), source: "feed.ndjson").map(\.position) == [
                "line 2: $", "line 5: $",
            ])
    }

    @Test func problemsInAnArraySayWhichElement() {
        let badMetrics = metrics.replacingOccurrences(of: #""events": 3"#, with: #""events": -3"#)
        let json = "[\(metrics), \(badMetrics), 7]"
        #expect(
            Fixtures.problems(Data(json.utf8), reading: .many) == [
                Problem(path: "$[1].funnel.events", message: "-3 is below the minimum 0"),
                Problem(path: "$[2]", message: "expected a JSON object, found integer"),
            ])
    }

    @Test func problemsInLinesSayWhichLine() {
        let badMetrics = metrics.replacingOccurrences(of: #""month": "2026-10""#, with: #""month": "2026-13""#)
        let text = "\(metrics)\n\(badMetrics)\n\n{\"kind\": \n\(metrics)"
        #expect(
            Fixtures.problems(Data(text.utf8), reading: .many) == [
                Problem(
                    path: "line 2: $.month",
                    message: "\"2026-13\" does not match the pattern ^[0-9]{4}-(0[1-9]|1[0-2])$"),
                Problem(
                    path: "line 4: $",
                    message: "not valid JSON: line 4, column 10: expected a value, found end of input"),
            ])
    }

    @Test func malformedSingleDocument() {
        #expect(
            Fixtures.problems(Data("{\"kind\": \"metrics\",".utf8), reading: .many) == [
                Problem(
                    path: "$", message: "not valid JSON: line 1, column 20: expected a string key, found end of input")
            ])
    }
}
