import Foundation
import Testing

/// `ingest` stores every document its input holds, and says so, whatever shape the input has: one
/// object, an array on one line or several, newline-delimited JSON; each with or without a byte-order
/// mark, with LF or CRLF line ends, blank lines and trailing white space; several files at once and
/// standard input.
@Suite struct IngestShapesTests {
    enum Shape: CaseIterable { case object, arrayOnOneLine, arrayPretty, lines }

    /// One input: its bytes and, for each document, the position `ingest` must print and its id.
    struct Input {
        var name: String
        var bytes: Data
        var expected: [(position: String, id: String)]
    }

    /// Every shape in every variant; the ids are unique across all of them.
    static func inputs() throws -> [Input] {
        var inputs: [Input] = []
        for shape in Shape.allCases {
            for variant in 0..<16 {
                let bom = variant & 1 != 0, crlf = variant & 2 != 0, blank = variant & 4 != 0,
                    trailing = variant & 8 != 0
                let name = "\(shape)-\(variant)"
                let ids = (shape == .object ? [0] : [0, 1, 2]).map { "INC-\(name)-\($0)" }
                let documents = ids.map { Fixtures.incident(Fixtures.tenant("shapes"), id: $0) }
                func json(_ value: Any, pretty: Bool) throws -> String {
                    String(
                        decoding: try JSONSerialization.data(
                            withJSONObject: value, options: pretty ? [.prettyPrinted] : []),
                        as: UTF8.self)
                }
                var lines: [String]
                var expected: [(String, String)]
                switch shape {
                case .object:
                    lines = try json(documents[0], pretty: true).components(separatedBy: "\n")
                    expected = [("$", ids[0])]
                case .arrayOnOneLine:
                    lines = [try json(documents, pretty: false)]
                    expected = ids.enumerated().map { ("$[\($0.offset)]", $0.element) }
                case .arrayPretty:
                    lines = try json(documents, pretty: true).components(separatedBy: "\n")
                    expected = ids.enumerated().map { ("$[\($0.offset)]", $0.element) }
                case .lines:
                    lines = []
                    expected = []
                    for (id, document) in zip(ids, documents) {
                        if blank { lines.append("") }
                        lines.append(try json(document, pretty: false))
                        expected.append(("line \(lines.count): $", id))
                    }
                }
                if blank && shape != .lines { lines = [""] + lines + ["", ""] }
                if trailing { lines = lines.map { $0 + " \t " } }
                var text = lines.joined(separator: crlf ? "\r\n" : "\n") + (blank ? (crlf ? "\r\n\r\n" : "\n\n") : "")
                if bom { text = "\u{FEFF}" + text }
                inputs.append(Input(name: name, bytes: Data(text.utf8), expected: expected))
            }
        }
        return inputs
    }

    /// A store that knows the tenant, so that the inputs' incidents are all the records they add.
    static func workspace() throws -> Workspace {
        let work = try Workspace()
        let tenants = try work.write("tenants.json", Fixtures.tenants([Fixtures.tenant("shapes")]))
        let result = try work.run(["ingest", tenants, "--db", work.db])
        #expect(result.status == 0, "\(result.stderr)")
        return work
    }

    static func lines(_ output: String) -> [String] { output.split(separator: "\n").map(String.init) }

    /// The lines `ingest` prints for `input` read from `shown` (a path, or "-").
    static func report(_ input: Input, shownAs shown: String, outcome: String) -> [String] {
        input.expected.map { "\(shown): \($0.position): incident shapes/\($0.id) r1: \(outcome)" }
            + [
                "\(shown): \(input.expected.count) records: "
                    + (outcome == "added"
                        ? "\(input.expected.count) added, 0 updated, 0 unchanged"
                        : "0 added, 0 updated, \(input.expected.count) unchanged")
            ]
    }

    @Test func everyDocumentOfEveryShapeIsStoredAndCounted() throws {
        let work = try Self.workspace()
        let inputs = try Self.inputs()
        let files = try inputs.map { input in
            let file = work.url.appendingPathComponent("\(input.name).json")
            try input.bytes.write(to: file)
            return file.path
        }
        let first = try work.run(["ingest"] + files + ["--db", work.db])
        #expect(first.status == 0, "\(first.stderr)")
        let added: [String] = zip(inputs, files).flatMap { Self.report($0, shownAs: $1, outcome: "added") }
        #expect(Self.lines(first.stdout) == added)

        // Stored, not only reported: the same inputs again change nothing, through files and standard input.
        let again = try work.run(["ingest"] + files + ["--db", work.db])
        let unchanged: [String] = zip(inputs, files).flatMap { Self.report($0, shownAs: $1, outcome: "unchanged") }
        #expect(Self.lines(again.stdout) == unchanged)
        for input in inputs where input.name.hasSuffix("-15") || input.name.hasSuffix("-0") {
            let piped = try work.run(["ingest", "-", "--db", work.db], stdin: input.bytes)
            #expect(piped.status == 0, "\(input.name): \(piped.stderr)")
            #expect(
                Self.lines(piped.stdout) == Self.report(input, shownAs: "<stdin>", outcome: "unchanged"),
                "\(input.name)")
        }
    }

    /// The case reported: three incidents in an array on one line after a byte-order mark, through
    /// standard input into a fresh store.
    @Test func anArrayAfterAByteOrderMarkIsStoredWhole() throws {
        let work = try Self.workspace()
        let input = try #require(try Self.inputs().first { $0.name == "arrayOnOneLine-1" })
        let result = try work.run(["ingest", "-", "--db", work.db], stdin: input.bytes)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.lines(result.stdout) == Self.report(input, shownAs: "<stdin>", outcome: "added"))
    }
}
