import Foundation

/// Any document of the contract, as told apart by its `kind`.
public enum AnyDocument: Sendable, Equatable {
    case incident(Incident)
    case monthly(MonthlyBundle)
    case tenants(TenantsDocument)
    case metrics(MetricsDocument)
    case notes(NotesDocument)
    case news(NewsDocument)

    /// The document's `kind` as written in JSON: "incident", "monthly", "tenants", "metrics", "notes" or "news".
    public var kind: String {
        switch self {
        case .incident: Incident.kind
        case .monthly: MonthlyBundle.kind
        case .tenants: TenantsDocument.kind
        case .metrics: MetricsDocument.kind
        case .notes: NotesDocument.kind
        case .news: NewsDocument.kind
        }
    }
}

/// One document of an input holding several, and where it sits there, spelled as problem paths are:
/// "$" for a single document, "$[3]" in an array, "line 4: $" in newline-delimited JSON. The position
/// comes from the reading that found the document, so positions and documents always pair up.
public struct ReadDocument: Sendable, Equatable {
    public var position: String
    public var document: AnyDocument

    public init(position: String, document: AnyDocument) {
        self.position = position
        self.document = document
    }
}

/// Reads contract documents from bytes: size and UTF-8 checks, JSON parsing, schema validation,
/// the semantic checks the schemas cannot express, then decoding. Every failure is an
/// `InvalidDocument` listing all the problems found, each at a JSON path.
public enum DocumentReader {
    /// Inputs above this size are refused before parsing. The largest expected document, an
    /// incident with thousands of log rows, is under 1 MiB.
    public static let maxInputSize = 16 * 1024 * 1024

    /// Reads one document of any kind.
    public static func read(_ data: Data, source: String) throws(InvalidDocument) -> AnyDocument {
        try readSingle(data, source: source, expected: nil)
    }

    /// Reads one document whose kind must be "incident".
    public static func readIncident(_ data: Data, source: String) throws(InvalidDocument) -> Incident {
        guard case .incident(let incident) = try readSingle(data, source: source, expected: .incident) else {
            preconditionFailure("a document read as an incident decodes to one")
        }
        return incident
    }

    /// Every problem of an incident document, as `readIncident` finds them; none when it is valid. A draft
    /// is checked with this: the problems other than `isMissingProperty` ones are those it may not be saved with.
    public static func incidentProblems(_ data: Data) -> [Problem] {
        do {
            _ = try readIncident(data, source: "draft")
            return []
        } catch {
            return error.problems
        }
    }

    /// Reads one document whose kind must be "monthly".
    public static func readMonthly(_ data: Data, source: String) throws(InvalidDocument) -> MonthlyBundle {
        guard case .monthly(let bundle) = try readSingle(data, source: source, expected: .monthly) else {
            preconditionFailure("a document read as monthly decodes to a bundle")
        }
        return bundle
    }

    /// For ingest: a single document, a JSON array of documents, or newline-delimited JSON (one
    /// document per line, blank lines skipped). Each document is checked on its own; problem paths
    /// say which one: "$[3].title" in an array, "line 4: $.title" in newline-delimited JSON.
    /// Nothing is returned unless every document is valid.
    public static func readMany(_ data: Data, source: String) throws(InvalidDocument) -> [ReadDocument] {
        try withCheckedBytes(data, source: source) { bytes, problems in
            switch parse(bytes) {
            case .success(.array(let elements)):
                return elements.enumerated().compactMap { i, element in
                    document(from: element, expected: nil, root: JSONPath(root: "$[\(i)]"), problems: &problems)
                }
            case .success(let value):
                return document(from: value, expected: nil, root: JSONPath(), problems: &problems).map { [$0] } ?? []
            case .failure(let error) where error.isTrailingContent:
                return readLines(bytes, problems: &problems)
            case .failure(let error):
                problems.add("$", .input("not valid JSON: \(error.located(in: bytes))"))
                return []
            }
        }
    }

    // MARK: - Steps

    private static func readSingle(
        _ data: Data, source: String, expected: Kind?
    ) throws(InvalidDocument) -> AnyDocument {
        let documents = try withCheckedBytes(data, source: source) { bytes, problems in
            switch parse(bytes) {
            case .success(let value):
                let document = document(from: value, expected: expected, root: JSONPath(), problems: &problems)
                return document.map { [$0] } ?? []
            case .failure(let error):
                problems.add("$", .input("not valid JSON: \(error.located(in: bytes))"))
                return []
            }
        }
        return documents[0].document
    }

    /// Refuses oversized and non-UTF-8 input, then runs `body` on the bytes; throws if any problem was recorded.
    private static func withCheckedBytes(
        _ data: Data, source: String,
        _ body: (UnsafeBufferPointer<UInt8>, inout ProblemList) -> [ReadDocument]
    ) throws(InvalidDocument) -> [ReadDocument] {
        var problems = ProblemList()
        if data.count > maxInputSize {
            problems.add(
                "$", .input("the input is \(data.count) bytes, more than the limit of \(maxInputSize) bytes (16 MiB)"))
            throw InvalidDocument(source: source, problems: problems.all)
        }
        let documents = data.withUnsafeBytes { raw -> [ReadDocument] in
            let bytes = raw.bindMemory(to: UInt8.self)
            if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
                let byte = String(bytes[offset], radix: 16, uppercase: true)
                problems.add("$", .input("not UTF-8: invalid byte 0x\(byte) at byte offset \(offset)"))
                return []
            }
            return body(bytes, &problems)
        }
        guard problems.isEmpty else { throw InvalidDocument(source: source, problems: problems.all) }
        return documents
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONSyntaxError> {
        Result { () throws(JSONSyntaxError) in try JSONParser.parse(bytes) }
    }

    /// Newline-delimited JSON: every non-blank line is one document.
    private static func readLines(_ bytes: UnsafeBufferPointer<UInt8>, problems: inout ProblemList) -> [ReadDocument] {
        var documents: [ReadDocument] = []
        // The mark belongs to the input, not to its first line, which may be blank.
        var lineStart = bytes.starts(with: JSONParser.byteOrderMark) ? JSONParser.byteOrderMark.count : 0
        var lineNumber = 1
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            let root = "line \(lineNumber): $"
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                switch parse(line) {
                case .success(let value):
                    let document = document(from: value, expected: nil, root: JSONPath(root: root), problems: &problems)
                    documents += document.map { [$0] } ?? []
                case .failure(let error):
                    problems.add(root, .input("not valid JSON: \(error.located(in: line, firstLine: lineNumber))"))
                }
            }
            lineStart = lineEnd + 1
            lineNumber += 1
        }
        return documents
    }

    /// Validates and decodes one parsed document; nil when it has problems, which go into `problems`.
    private static func document(
        from value: JSONValue, expected: Kind?, root: JSONPath, problems: inout ProblemList
    ) -> ReadDocument? {
        let schemas: SchemaSet
        switch SchemaSet.shipped {
        case .success(let loaded): schemas = loaded
        case .failure(let error):
            problems.add(at: root, .input("cannot be checked: \(error.message)"))
            return nil
        }
        guard let kind = kind(of: value, expected: expected, root: root, problems: &problems) else { return nil }

        let before = problems.total
        guard let schema = schemas.root(kind.schemaFile) else {
            problems.add(at: root, .input("cannot be checked: the schemas have no \(kind.schemaFile)"))
            return nil
        }
        var validator = SchemaValidator(at: root, problems: problems)
        validator.validate(value, against: schema)
        problems = validator.problems
        guard problems.total == before else { return nil }

        let document: AnyDocument
        do {
            document = try kind.decode(JSONValueDecoder(value))
        } catch {
            // Unreachable while the types follow the schemas; reported rather than trusted.
            problems.add(at: root, .input("does not decode as \(kind.rawValue): \(error)"))
            return nil
        }
        document.semanticProblems(root: root, into: &problems)
        return problems.total == before ? ReadDocument(position: root.root, document: document) : nil
    }

    /// The kind to check `value` against. Reading any kind needs a known `kind`; reading an expected
    /// kind lets the schema report a missing `kind` along with everything else.
    private static func kind(
        of value: JSONValue, expected: Kind?, root: JSONPath, problems: inout ProblemList
    ) -> Kind? {
        let known = Kind.allCases.map(\.rawValue).joined(separator: ", ")
        guard case .object(let object) = value else {
            let wanted = expected.map { "a JSON object (a document of kind \"\($0.rawValue)\")" } ?? "a JSON object"
            problems.add(at: root, .input("expected \(wanted), found \(value.typeName)"))
            return nil
        }
        let written = object["kind"]
        if let expected {
            if case .string(let name)? = written, name != expected.rawValue {
                problems.add(
                    at: root, .input("expected a document of kind \"\(expected.rawValue)\", found kind \(quoted(name))")
                )
                return nil
            }
            return expected
        }
        switch written {
        case nil:
            problems.add(at: root, .input("required property \"kind\" is missing; it must be one of \(known)"))
        case .string(let name)?:
            if let kind = Kind(rawValue: name) { return kind }
            problems.add(at: root, .input("unknown kind \(quoted(name)); it must be one of \(known)"))
        case let other?:
            problems.add(at: root, .input("\"kind\" must be a string, one of \(known); found \(other.typeName)"))
        }
        return nil
    }

    private enum Kind: String, CaseIterable {
        case incident, monthly, tenants, metrics, notes, news

        var schemaFile: String {
            switch self {
            case .incident: "incident.schema.json"
            case .monthly: "monthly.schema.json"
            case .tenants, .metrics, .notes, .news: "inputs.schema.json"
            }
        }

        func decode(_ decoder: JSONValueDecoder) throws -> AnyDocument {
            switch self {
            case .incident: .incident(try Incident(from: decoder))
            case .monthly: .monthly(try MonthlyBundle(from: decoder))
            case .tenants: .tenants(try TenantsDocument(from: decoder))
            case .metrics: .metrics(try MetricsDocument(from: decoder))
            case .notes: .notes(try NotesDocument(from: decoder))
            case .news: .news(try NewsDocument(from: decoder))
            }
        }
    }
}
