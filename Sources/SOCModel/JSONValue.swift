/// A parsed JSON document, as produced by `JSONParser`.
///
/// Integers and other numbers stay apart so the schema's `"type": "integer"` and the
/// decoded `Int` fields need no guessing; an integer literal too big for `Int64` is a `.double`.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The JSON Schema name of this value's type ("integer" for `.int`, "number" for `.double`).
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The value as an exact integer: `.int`, or a `.double` with no fractional part that fits `Int64`
    /// (JSON Schema counts `1.0` as an integer).
    var integerValue: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            guard d.rounded() == d, let i = Int64(exactly: d) else { return nil }
            return i
        default: return nil
        }
    }

    var numberValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    /// Value equality as JSON Schema defines it for `enum` and `const`: `1` equals `1.0`.
    func isSchemaEqual(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.int, .double), (.double, .int): numberValue == other.numberValue
        case (.array(let a), .array(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.isSchemaEqual(to: $1) }
        case (.object(let a), .object(let b)):
            a.count == b.count && a.members.allSatisfy { m in b[m.key].map { m.value.isSchemaEqual(to: $0) } ?? false }
        default: self == other
        }
    }
}

/// A JSON object that keeps its members in document order.
///
/// Lookup is a linear scan: the contract's objects have at most a couple of dozen keys,
/// where scanning beats hashing and keeps the order for free.
struct JSONObject: Sendable, Equatable {
    struct Member: Sendable, Equatable {
        var key: String
        var value: JSONValue
    }

    var members: [Member]

    init(_ members: [Member] = []) {
        self.members = members
    }

    var count: Int { members.count }

    subscript(key: String) -> JSONValue? {
        for member in members where member.key == key {
            return member.value
        }
        return nil
    }
}
