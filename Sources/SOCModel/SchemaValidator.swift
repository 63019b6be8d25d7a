/// Checks a `JSONValue` against a compiled schema node and collects every problem, not just the first.
struct SchemaValidator {
    var problems: ProblemList
    /// Where the value being checked sits; pushed and popped while descending.
    private var path: JSONPath

    /// Problems are added to `problems`, at paths below `root`.
    init(at root: JSONPath = JSONPath(), problems: ProblemList = ProblemList()) {
        self.path = root
        self.problems = problems
    }

    mutating func validate(_ value: JSONValue, against node: SchemaNode) {
        check(value, node.keywords)
    }

    private mutating func check(_ value: JSONValue, _ node: SchemaNode.Keywords) {
        if let ref = node.ref {
            validate(value, against: ref)
        }
        if let types = node.types, !types.contains(where: { Self.value(value, hasType: $0) }) {
            // The remaining keywords would only repeat that the value has the wrong shape.
            problems.add(at: path, .wrongType(expected: types, found: value.typeName))
            return
        }
        if let constant = node.constValue, !value.isSchemaEqual(to: constant) {
            problems.add(at: path, .notConstant(expected: literal(constant), found: literal(value)))
        }
        if let allowed = node.enumValues, !allowed.contains(where: value.isSchemaEqual) {
            problems.add(
                at: path,
                .notOneOf(
                    value: literal(value),
                    allowed: allowed.map { if case .string(let s) = $0 { s } else { literal($0) } }))
        }
        switch value {
        case .string(let text):
            validateString(text, node)
        case .int, .double:
            validateNumber(value, node)
        case .array(let elements):
            if let items = node.items {
                for (i, element) in elements.enumerated() {
                    path.components.append(.index(i))
                    validate(element, against: items)
                    path.components.removeLast()
                }
            }
        case .object(let object):
            validateObject(object, node)
        case .null, .bool:
            break
        }
        if !node.oneOf.isEmpty {
            validateOneOf(value, node)
        }
    }

    private static func value(_ value: JSONValue, hasType type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object),
            ("number", .int), ("number", .double):
            true
        case ("integer", _):
            value.integerValue != nil
        default:
            false
        }
    }

    private mutating func validateString(_ text: String, _ node: SchemaNode.Keywords) {
        // A string has between utf8.count / 4 and utf8.count code points (JSON Schema counts code points):
        // count them only when that range straddles a limit.
        let utf8Count = text.utf8.count
        if let minLength = node.minLength, (utf8Count + 3) / 4 < minLength {
            let length = text.unicodeScalars.count
            if length < minLength {
                problems.add(at: path, length == 0 ? .empty : .tooShort(value: text, minimum: minLength))
            }
        }
        if let maxLength = node.maxLength, utf8Count > maxLength {
            let length = text.unicodeScalars.count
            if length > maxLength {
                problems.add(at: path, .tooLong(length: length, maximum: maxLength))
            }
        }
        if let pattern = node.pattern, !pattern.matches(text) {
            problems.add(at: path, .pattern(value: text, pattern: pattern.source))
        }
        switch node.format {
        case .dateTime:
            do throws(DateSyntaxError) {
                _ = try Timestamp.parse(text)
            } catch {
                problems.add(at: path, .dateTime(value: text, reason: error.reason))
            }
        case .date:
            do throws(DateSyntaxError) {
                _ = try CalendarDate.parse(text)
            } catch {
                problems.add(at: path, .date(value: text, reason: error.reason))
            }
        case nil:
            break
        }
    }

    private mutating func validateNumber(_ value: JSONValue, _ node: SchemaNode.Keywords) {
        guard let number = value.numberValue else { return }
        if let minimum = node.minimum, let bound = minimum.numberValue, number < bound {
            problems.add(at: path, .belowMinimum(value: literal(value), minimum: literal(minimum)))
        }
        if let maximum = node.maximum, let bound = maximum.numberValue, number > bound {
            problems.add(at: path, .aboveMaximum(value: literal(value), maximum: literal(maximum)))
        }
    }

    private mutating func validateObject(_ object: JSONObject, _ node: SchemaNode.Keywords) {
        for name in node.required where object[name] == nil {
            problems.add(at: path, .missingProperty(name: name))
        }
        if let minProperties = node.minProperties, object.count < minProperties {
            problems.add(
                at: path,
                object.count == 0
                    ? .emptyObject(minimum: minProperties)
                    : .tooFewProperties(count: object.count, minimum: minProperties))
        }
        for member in object.members {
            path.components.append(.key(member.key))
            if let names = node.propertyNames {
                var nameValidator = SchemaValidator()
                nameValidator.validate(.string(member.key), against: names)
                for problem in nameValidator.problems.all {
                    problems.add(at: path, .propertyName(problem.kind))
                }
            }
            if let property = node.properties[member.key] {
                validate(member.value, against: property)
            } else {
                switch node.additionalProperties {
                case .allowed: break
                case .forbidden: problems.add(at: path, .unknownProperty(name: member.key))
                case .schema(let schema): validate(member.value, against: schema)
                }
            }
            path.components.removeLast()
        }
    }

    private mutating func validateOneOf(_ value: JSONValue, _ node: SchemaNode.Keywords) {
        if let discriminator = node.discriminator, case .object(let object) = value {
            guard case .string(let tag)? = object[discriminator.property], let branch = discriminator.branches[tag]
            else {
                problems.add(
                    at: path,
                    .discriminator(property: discriminator.property, choices: discriminator.branches.keys.sorted()))
                return
            }
            validate(value, against: branch)
            return
        }
        let matching = node.oneOf.filter { branch in
            var trial = SchemaValidator()
            trial.validate(value, against: branch)
            return trial.problems.isEmpty
        }
        if matching.isEmpty {
            problems.add(at: path, .noForm(count: node.oneOf.count))
        } else if matching.count > 1 {
            problems.add(at: path, .severalForms)
        }
    }
}

/// A short JSON rendering of a value for messages.
func literal(_ value: JSONValue) -> String {
    switch value {
    case .null: "null"
    case .bool(let b): String(b)
    case .int(let i): String(i)
    case .double(let d): String(d)
    case .string(let s): quoted(s)
    case .array: "[…]"
    case .object: "{…}"
    }
}
