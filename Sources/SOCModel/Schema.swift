import Foundation

/// One subschema of the contract, compiled: the keywords the contract uses, with `$ref`s resolved
/// to the nodes they name and patterns compiled once.
///
/// An immutable class: `$ref`s share one node, and the validator reads a node's keywords in place
/// instead of copying a dozen fields (or, were they `var`s of a class, checking exclusive access)
/// for each of the tens of thousands of values in a large incident.
final class SchemaNode: Sendable {
    let keywords: Keywords

    init(_ keywords: Keywords) {
        self.keywords = keywords
    }

    struct Keywords: Sendable {
        var ref: SchemaNode?
        var types: [String]?
        var required: [String] = []
        var properties: [String: SchemaNode] = [:]
        var additionalProperties = AdditionalProperties.allowed
        var propertyNames: SchemaNode?
        var items: SchemaNode?
        var enumValues: [JSONValue]?
        var constValue: JSONValue?
        var pattern: SchemaPattern?
        var minLength: Int?
        var maxLength: Int?
        var minimum: JSONValue?
        var maximum: JSONValue?
        var minProperties: Int?
        var format: Format?
        var oneOf: [SchemaNode] = []
        var discriminator: Discriminator?
    }

    enum AdditionalProperties: Sendable {
        case allowed
        case forbidden
        case schema(SchemaNode)
    }

    enum Format: Sendable {
        case dateTime
        case date
    }

    /// A `oneOf` whose branches each fix one property to a different string `const` (the documents'
    /// `kind`): the branch is chosen by that property, so problems come from the branch meant.
    struct Discriminator: Sendable {
        var property: String
        var branches: [String: SchemaNode]
    }
}

/// The contract's JSON Schema files (2020-12), compiled.
struct SchemaSet: Sendable {
    static let fileNames = ["common.schema.json", "incident.schema.json", "monthly.schema.json", "inputs.schema.json"]

    /// The schemas shipped in the module's resources, loaded and compiled on first use.
    static let shipped: Result<SchemaSet, SchemaError> = Result { () throws(SchemaError) in
        var documents: [String: JSONValue] = [:]
        for name in fileNames {
            guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Schemas"),
                let data = try? Data(contentsOf: url)
            else { throw SchemaError(message: "the contract schema \(name) is missing from the SOCModel resources") }
            documents[name] = try parse(data, name: name)
        }
        return try SchemaSet(documents: documents)
    }

    private let roots: [String: SchemaNode]

    init(documents: [String: JSONValue]) throws(SchemaError) {
        var compiler = SchemaCompiler(documents: documents)
        var roots: [String: SchemaNode] = [:]
        for name in documents.keys {
            roots[name] = try compiler.compileReference(file: name, pointer: "")
        }
        self.roots = roots
    }

    /// The schema of a whole file, e.g. "incident.schema.json"; nil for a file not in the set.
    func root(_ fileName: String) -> SchemaNode? {
        roots[fileName]
    }

    private static func parse(_ data: Data, name: String) throws(SchemaError) -> JSONValue {
        let parsed = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            return Result { () throws(JSONSyntaxError) in try JSONParser.parse(bytes) }
                .mapError { SchemaError(message: "\(name) is not valid JSON: \($0.located(in: bytes))") }
        }
        return try parsed.get()
    }
}

/// The shipped schemas cannot be used: a packaging or authoring mistake, not a problem of the input.
struct SchemaError: Error {
    var message: String
}

/// Turns schema JSON into `SchemaNode`s. Fails on any keyword it does not implement, so a new
/// constraint in the contract cannot be ignored without notice.
private struct SchemaCompiler {
    let documents: [String: JSONValue]
    /// "file#pointer" → node, so each subschema is compiled once however many `$ref`s reach it.
    private var compiled: [String: SchemaNode] = [:]
    /// Locations being compiled: meeting one again is a recursive `$ref`, which the contract does not use
    /// and immutable nodes cannot express.
    private var inProgress: Set<String> = []

    init(documents: [String: JSONValue]) {
        self.documents = documents
    }

    /// The node for `pointer` (a JSON Pointer such as "/$defs/tenant") inside `file`.
    mutating func compileReference(file: String, pointer: String) throws(SchemaError) -> SchemaNode {
        let location = "\(file)#\(pointer)"
        if let node = compiled[location] { return node }
        guard var schema = documents[file] else {
            throw SchemaError(message: "unknown schema file in $ref \(location)")
        }
        for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard case .object(let object) = schema, let next = object[key] else {
                throw SchemaError(message: "$ref \(location) points to nothing")
            }
            schema = next
        }
        return try compile(schema, file: file, pointer: pointer)
    }

    private mutating func compile(
        _ schema: JSONValue, file: String, pointer: String
    ) throws(SchemaError) -> SchemaNode {
        let location = "\(file)#\(pointer)"
        if let node = compiled[location] { return node }
        guard inProgress.insert(location).inserted else {
            throw SchemaError(message: "\(location): recursive $ref is not supported")
        }
        defer { inProgress.remove(location) }

        guard case .object(let object) = schema else {
            throw SchemaError(message: "\(location) is not a schema object")
        }
        func fail(_ keyword: String) -> SchemaError {
            SchemaError(message: "\(location): unsupported value for \(keyword)")
        }
        var keywords = SchemaNode.Keywords()
        for member in object.members {
            let keyword = member.key
            let value = member.value
            let here = "\(pointer)/\(keyword)"
            switch keyword {
            case "$schema", "$id", "$defs", "title", "description", "default", "examples":
                continue // annotations; `$defs` entries are compiled when a `$ref` reaches them
            case "$ref":
                guard case .string(let reference) = value else { throw fail(keyword) }
                let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let target = parts[0].isEmpty ? file : String(parts[0])
                keywords.ref = try compileReference(file: target, pointer: parts.count > 1 ? String(parts[1]) : "")
            case "type":
                switch value {
                case .string(let name): keywords.types = [name]
                case .array(let names):
                    keywords.types = try names.map { (name) throws(SchemaError) in try string(name, keyword) }
                default: throw fail(keyword)
                }
            case "required":
                guard case .array(let names) = value else { throw fail(keyword) }
                keywords.required = try names.map { (name) throws(SchemaError) in try string(name, keyword) }
            case "properties":
                guard case .object(let properties) = value else { throw fail(keyword) }
                for property in properties.members {
                    keywords.properties[property.key] = try compile(
                        property.value, file: file, pointer: "\(here)/\(escape(property.key))")
                }
            case "additionalProperties":
                switch value {
                case .bool(let allowed): keywords.additionalProperties = allowed ? .allowed : .forbidden
                default: keywords.additionalProperties = .schema(try compile(value, file: file, pointer: here))
                }
            case "propertyNames":
                keywords.propertyNames = try compile(value, file: file, pointer: here)
            case "items":
                keywords.items = try compile(value, file: file, pointer: here)
            case "enum":
                guard case .array(let values) = value else { throw fail(keyword) }
                keywords.enumValues = values
            case "const":
                keywords.constValue = value
            case "pattern":
                guard let pattern = SchemaPattern(try string(value, keyword)) else { throw fail(keyword) }
                keywords.pattern = pattern
            case "minLength": keywords.minLength = try count(value, keyword)
            case "maxLength": keywords.maxLength = try count(value, keyword)
            case "minProperties": keywords.minProperties = try count(value, keyword)
            case "minimum", "maximum":
                guard value.numberValue != nil else { throw fail(keyword) }
                if keyword == "minimum" { keywords.minimum = value } else { keywords.maximum = value }
            case "format":
                switch value {
                case .string("date-time"): keywords.format = .dateTime
                case .string("date"): keywords.format = .date
                default: throw fail(keyword)
                }
            case "oneOf":
                guard case .array(let branches) = value else { throw fail(keyword) }
                for (i, branch) in branches.enumerated() {
                    keywords.oneOf.append(try compile(branch, file: file, pointer: "\(here)/\(i)"))
                }
                keywords.discriminator = discriminator(of: keywords.oneOf)
            default:
                throw SchemaError(message: "\(location): keyword \(keyword) is not implemented by the validator")
            }
        }
        let node = SchemaNode(keywords)
        compiled[location] = node
        return node
    }

    /// The property every branch fixes to a distinct string `const`, if there is one.
    private func discriminator(of branches: [SchemaNode]) -> SchemaNode.Discriminator? {
        guard let first = branches.first else { return nil }
        candidates: for property in first.keywords.properties.keys.sorted() {
            var byValue: [String: SchemaNode] = [:]
            for branch in branches {
                guard let propertyNode = branch.keywords.properties[property],
                    case .string(let value)? = propertyNode.keywords.constValue, byValue[value] == nil
                else { continue candidates }
                byValue[value] = branch
            }
            return SchemaNode.Discriminator(property: property, branches: byValue)
        }
        return nil
    }

    private func string(_ value: JSONValue, _ keyword: String) throws(SchemaError) -> String {
        guard case .string(let text) = value else { throw SchemaError(message: "\(keyword) must be a string") }
        return text
    }

    private func count(_ value: JSONValue, _ keyword: String) throws(SchemaError) -> Int {
        guard case .int(let n) = value, n >= 0 else { throw SchemaError(message: "\(keyword) must be a count") }
        return Int(n)
    }

    private func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
