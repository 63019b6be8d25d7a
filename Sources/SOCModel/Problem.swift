import Foundation

/// One thing wrong with an input document, at a JSONPath-like location such as `$.analysis.victims[0].ip`.
public struct Problem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }

    /// A required property left out: what a draft may still lack, which nothing else may.
    public var isMissingProperty: Bool { message.hasPrefix(Self.missingPrefix) && message.hasSuffix(Self.missingSuffix) }

    /// The property a missing-property problem names, e.g. "summary" at "$.analysis".
    public var missingProperty: String? {
        guard isMissingProperty else { return nil }
        let quotedName = message.dropFirst(Self.missingPrefix.count).dropLast(Self.missingSuffix.count)
        return (try? JSONDecoder().decode(String.self, from: Data(quotedName.utf8)))
    }

    static func missingMessage(_ name: String) -> String { Self.missingPrefix + quoted(name) + Self.missingSuffix }
    private static let missingPrefix = "required property ", missingSuffix = " is missing"
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
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): true
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

    /// The path and message are built only while under the limit: a hostile input can have millions.
    mutating func add(_ path: @autoclosure () -> String, _ message: @autoclosure () -> String) {
        if problems.count < Self.limit {
            problems.append(Problem(path: path(), message: message()))
        } else {
            omitted += 1
        }
    }

    mutating func add(at path: JSONPath, _ message: @autoclosure () -> String) {
        add(path.rendered, message())
    }

    /// The problems, with a last line saying how many more were left out.
    var all: [Problem] {
        omitted == 0 ? problems : problems + [Problem(path: "$", message: "… and \(omitted) more problems")]
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
