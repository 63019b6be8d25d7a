/// What is wrong, with the values it is about. The English line `validate` and the API print is made
/// from it (`message`); the workbench words it in the analyst's language from `name` and `values`
/// and `values` (`web.problem.<name>` in `Templates/<lang>.json`). A kind keeps its values as found, and
/// is made only when a problem is found: the valid path builds nothing.
extension Problem {
    public indirect enum Kind: Sendable, Equatable {
        case missingProperty(name: String)
        case wrongType(expected: [String], found: String)
        /// Values as JSON literals ("true", "\"x\"", "3").
        case notConstant(expected: String, found: String)
        case notOneOf(value: String, allowed: [String])
        case empty
        case tooShort(value: String, minimum: Int)
        case tooLong(length: Int, maximum: Int)
        case pattern(value: String, pattern: String)
        case dateTime(value: String, reason: String)
        case date(value: String, reason: String)
        case belowMinimum(value: String, minimum: String)
        case aboveMaximum(value: String, maximum: String)
        case emptyObject(minimum: Int)
        case tooFewProperties(count: Int, minimum: Int)
        /// A property's name breaks the rule its names follow.
        case propertyName(Kind)
        case unknownProperty(name: String)
        case discriminator(property: String, choices: [String])
        case noForm(count: Int)
        case severalForms
        /// `later` (a field's name and its time) comes before `earlier`.
        case order(later: String, laterTime: String, earlier: String, earlierTime: String)
        case address(value: String)
        case network(value: String)
        case prefix(value: String)
        case prefixTooLong(value: String, length: Int, family: String, maximum: Int)
        case timeZone(value: String)
        case duplicate(what: String, id: String, firstAt: String)
        case monthNotBefore(month: String, report: String)
        case monthTwice(month: String)
        case monthOrder(month: String, previous: String)
        case revisionNote
        /// The problems past the first hundred, counted.
        case more(count: Int)
        /// About the input as a whole, worded where it was found: not JSON, not UTF-8, too large, no known
        /// kind, unknown tenant. The workbench builds its documents itself and never meets these.
        case input(String)

        /// Each kind's name, for its wording; `allCases` is what both languages must word.
        public enum Name: String, Sendable, CaseIterable {
            case missingProperty, wrongType, notConstant, notOneOf, empty, tooShort, tooLong, pattern, dateTime, date,
                belowMinimum, aboveMaximum, emptyObject, tooFewProperties, propertyName, unknownProperty, discriminator,
                noForm, severalForms, order, address, network, prefix, prefixTooLong, timeZone, duplicate,
                monthNotBefore, monthTwice, monthOrder, revisionNote, more, input
        }

        public var name: Name {
            switch self {
            case .missingProperty: .missingProperty
            case .wrongType: .wrongType
            case .notConstant: .notConstant
            case .notOneOf: .notOneOf
            case .empty: .empty
            case .tooShort: .tooShort
            case .tooLong: .tooLong
            case .pattern: .pattern
            case .dateTime: .dateTime
            case .date: .date
            case .belowMinimum: .belowMinimum
            case .aboveMaximum: .aboveMaximum
            case .emptyObject: .emptyObject
            case .tooFewProperties: .tooFewProperties
            case .propertyName: .propertyName
            case .unknownProperty: .unknownProperty
            case .discriminator: .discriminator
            case .noForm: .noForm
            case .severalForms: .severalForms
            case .order: .order
            case .address: .address
            case .network: .network
            case .prefix: .prefix
            case .prefixTooLong: .prefixTooLong
            case .timeZone: .timeZone
            case .duplicate: .duplicate
            case .monthNotBefore: .monthNotBefore
            case .monthTwice: .monthTwice
            case .monthOrder: .monthOrder
            case .revisionNote: .revisionNote
            case .more: .more
            case .input: .input
            }
        }

        /// The English line, as `validate` and the API print it.
        public var message: String {
            switch self {
            case .missingProperty(let name): "required property \(quoted(name)) is missing"
            case .wrongType(let expected, let found): "expected \(expected.joined(separator: " or ")), found \(found)"
            case .notConstant(let expected, let found): "expected \(expected), found \(found)"
            case .notOneOf(let value, let allowed): "\(value) is not one of \(allowed.joined(separator: ", "))"
            case .empty: "must not be empty"
            case .tooShort(let value, let minimum): "\(quoted(value)) is shorter than the minimum length \(minimum)"
            case .tooLong(let length, let maximum): "is \(length) characters long, more than the maximum \(maximum)"
            case .pattern(let value, let pattern): "\(quoted(value)) does not match the pattern \(pattern)"
            case .dateTime(let value, let reason):
                "\(quoted(value)) is not an RFC 3339 date-time with offset (\(reason))"
            case .date(let value, let reason): "\(quoted(value)) is not a date YYYY-MM-DD (\(reason))"
            case .belowMinimum(let value, let minimum): "\(value) is below the minimum \(minimum)"
            case .aboveMaximum(let value, let maximum): "\(value) is above the maximum \(maximum)"
            case .emptyObject(let minimum): "must not be empty: at least \(minimum) of its properties is required"
            case .tooFewProperties(let count, let minimum): "has \(count) properties, fewer than the minimum \(minimum)"
            case .propertyName(let kind): "property name \(kind.message)"
            case .unknownProperty(let name): "unknown property \(quoted(name))"
            case .discriminator(let property, let choices):
                "property \(quoted(property)) must be one of \(choices.joined(separator: ", "))"
            case .noForm(let count): "matches none of the \(count) allowed forms"
            case .severalForms: "matches more than one of the allowed forms"
            case .order(let later, let laterTime, let earlier, let earlierTime):
                "\(later) \(laterTime) is before \(earlier) \(earlierTime)"
            case .address(let value): "\(quoted(value)) is not an IPv4 or IPv6 address"
            case .network(let value): "\(quoted(value)) is not an IPv4 or IPv6 address or CIDR block"
            case .prefix(let value): "\(quoted(value)) has no valid prefix length after the '/'"
            case .prefixTooLong(let value, let length, let family, let maximum):
                "\(quoted(value)) has the prefix length \(length), above the \(family) maximum \(maximum)"
            case .timeZone(let value): "\(quoted(value)) is not a known IANA time zone"
            case .duplicate(let what, let id, let firstAt): "duplicate \(what) \(quoted(id)), first at \(firstAt)"
            case .monthNotBefore(let month, let report): "\(month) is not before the report's month \(report)"
            case .monthTwice(let month): "\(month) appears twice in the history"
            case .monthOrder(let month, let previous):
                "\(month) comes after \(previous): the history must be oldest first"
            case .revisionNote: "a follow-up report says what changed since the previous revision"
            case .more(let count): "… and \(count) more problems"
            case .input(let message): message
            }
        }

        /// The values a wording may use: strings quoted as the English line quotes them, lists joined.
        public var values: [String: String] {
            switch self {
            case .missingProperty(let name): ["name": name]
            case .wrongType(let expected, let found): ["expected": expected.joined(separator: " or "), "found": found]
            case .notConstant(let expected, let found): ["expected": expected, "found": found]
            case .notOneOf(let value, let allowed): ["value": value, "allowed": allowed.joined(separator: ", ")]
            case .empty, .severalForms, .revisionNote: [:]
            case .tooShort(let value, let minimum): ["value": quoted(value), "minimum": String(minimum)]
            case .tooLong(let length, let maximum): ["length": String(length), "maximum": String(maximum)]
            case .pattern(let value, let pattern): ["value": quoted(value), "pattern": pattern]
            case .dateTime(let value, let reason), .date(let value, let reason):
                ["value": quoted(value), "reason": reason]
            case .belowMinimum(let value, let minimum): ["value": value, "minimum": minimum]
            case .aboveMaximum(let value, let maximum): ["value": value, "maximum": maximum]
            case .emptyObject(let minimum): ["minimum": String(minimum)]
            case .tooFewProperties(let count, let minimum): ["count": String(count), "minimum": String(minimum)]
            case .propertyName(let kind): kind.values
            case .unknownProperty(let name): ["name": quoted(name)]
            case .discriminator(let property, let choices):
                ["property": quoted(property), "choices": choices.joined(separator: ", ")]
            case .noForm(let count): ["count": String(count)]
            case .order(let later, let laterTime, let earlier, let earlierTime):
                ["later": later, "laterTime": laterTime, "earlier": earlier, "earlierTime": earlierTime]
            case .address(let value), .network(let value), .prefix(let value), .timeZone(let value):
                ["value": quoted(value)]
            case .prefixTooLong(let value, let length, let family, let maximum):
                ["value": quoted(value), "length": String(length), "family": family, "maximum": String(maximum)]
            case .duplicate(let what, let id, let firstAt): ["what": what, "id": quoted(id), "firstAt": firstAt]
            case .monthNotBefore(let month, let report): ["month": month, "report": report]
            case .monthTwice(let month): ["month": month]
            case .monthOrder(let month, let previous): ["month": month, "previous": previous]
            case .more(let count): ["count": String(count)]
            case .input(let message): ["message": message]
            }
        }
    }
}
