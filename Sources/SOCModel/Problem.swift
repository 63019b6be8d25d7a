import Foundation

/// One thing wrong with an input document, at a JSONPath-like location such as `$.analysis.victims[0].ip`:
/// its `kind` says what, with the values it is about, and makes the English `message`.
public struct Problem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// A problem with the input as a whole, worded where it was found.
    public init(path: String, message: String) {
        self.init(path: path, kind: .input(message))
    }

    /// The English line `validate` and the API print.
    public var message: String { kind.message }

    public var description: String { "\(path): \(message)" }

    /// Two problems are the same when they say the same thing at the same place, however they were made.
    public static func == (a: Problem, b: Problem) -> Bool { a.path == b.path && a.message == b.message }

    /// A required property left out: what a draft may still lack, which nothing else may.
    public var isMissingProperty: Bool { missingProperty != nil }

    /// The property a missing-property problem names, e.g. "summary" at "$.analysis".
    public var missingProperty: String? {
        if case .missingProperty(let name) = kind { name } else { nil }
    }
}

/// A document that could not be read: every problem found, in document order.
public struct InvalidDocument: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// Where the bytes came from: a file path, or "-" for standard input.
    public var source: String
    public var problems: [Problem]

    public init(source: String, problems: [Problem]) {
        self.source = source
        self.problems = problems
    }

    /// One line per problem: "<source>: <path>: <message>".
    public var description: String {
        problems.map { "\(source): \($0)" }.joined(separator: "\n")
    }

    public var errorDescription: String? { description }
}

/// A location inside a JSON document, rendered only when a problem is reported.
struct JSONPath {
    enum Component {
        case key(String)
        case index(Int)
    }

    /// "$" for a single document; "$[3]" or "line 4: $" for one document among many.
    var root: String
    var components: [Component] = []

    init(root: String = "$") {
        self.root = root
    }

    func appending(_ component: Component) -> JSONPath {
        var copy = self
        copy.components.append(component)
        return copy
    }

    func appending(key: String) -> JSONPath { appending(.key(key)) }
    func appending(index: Int) -> JSONPath { appending(.index(index)) }

    var rendered: String {
        var text = root
        for component in components {
            switch component {
            case .index(let i): text += "[\(i)]"
            case .key(let key) where Self.isPlainName(key): text += ".\(key)"
            case .key(let key): text += "[\(quoted(key))]"
            }
        }
        return text
    }

    /// Keys that read unambiguously after a dot; others (like "url-filter") are bracketed.
    private static func isPlainName(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return key.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                true
            default: false
            }
        }
    }
}

/// Collects problems up to a limit, then only counts the rest.
struct ProblemList {
    static let limit = 100

    private(set) var problems: [Problem] = []
    private var omitted = 0

    var isEmpty: Bool { problems.isEmpty }
    /// Problems recorded, counting those left out.
    var total: Int { problems.count + omitted }

    /// The path and kind are built only while under the limit: a hostile input can have millions.
    mutating func add(_ path: @autoclosure () -> String, _ kind: @autoclosure () -> Problem.Kind) {
        if problems.count < Self.limit {
            problems.append(Problem(path: path(), kind: kind()))
        } else {
            omitted += 1
        }
    }

    mutating func add(at path: JSONPath, _ kind: @autoclosure () -> Problem.Kind) {
        add(path.rendered, kind())
    }

    /// The problems, with a last line saying how many more were left out.
    var all: [Problem] {
        omitted == 0 ? problems : problems + [Problem(path: "$", kind: .more(count: omitted))]
    }
}

/// A JSON string literal for messages: quoted, escaped, and cut short when long.
func quoted(_ text: String, limit: Int = 80) -> String {
    var body = ""
    for (n, scalar) in text.unicodeScalars.enumerated() {
        if n == limit {
            body += "…"
            break
        }
        switch scalar {
        case "\"": body += "\\\""
        case "\\": body += "\\\\"
        case "\n": body += "\\n"
        case "\r": body += "\\r"
        case "\t": body += "\\t"
        case _ where scalar.value < 0x20: body += "\\u" + zeroPadded(Int(scalar.value), width: 4, radix: 16)
        default: body.unicodeScalars.append(scalar)
        }
    }
    return "\"\(body)\""
}
