import Foundation

/// The types of common.schema.json shared by several documents.

public struct Tenant: Sendable, Equatable, Codable {
    public static let defaultLanguage = Language.ja
    public static let defaultTimeZone = "Asia/Tokyo"

    /// Safe as a single path segment (see `Identifier.isSafeIdentifier`).
    public var id: String
    public var name: String
    /// The report language; the contract's default `ja` when the document leaves it out.
    public var language: Language
    /// IANA zone identifier for every time shown in this tenant's reports; `Asia/Tokyo` when left out.
    public var timeZone: String
    public var contacts: [Contact]
    /// socreport extension: minutes after the first notification mail within which a critical or serious
    /// revision must be acknowledged before it escalates; `defaultEscalationMinutes` when left out.
    public var escalationMinutes: Int?
    public static let defaultEscalationMinutes = 15

    public init(
        id: String, name: String, language: Language = Tenant.defaultLanguage,
        timeZone: String = Tenant.defaultTimeZone, contacts: [Contact] = [], escalationMinutes: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.language = language
        self.timeZone = timeZone
        self.contacts = contacts
        self.escalationMinutes = escalationMinutes
    }

    /// The zone `timeZone` names. `DocumentReader` rejects unknown zones; a tenant built in code with an
    /// unknown one gets the contract's default zone (Japan keeps +09:00 all year, so the fixed offset
    /// stands in for it where the system has no zone database).
    public var resolvedTimeZone: TimeZone {
        TimeZone(identifier: timeZone) ?? TimeZone(identifier: Self.defaultTimeZone)
            ?? TimeZone(secondsFromGMT: 9 * 3600)!
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, language, timeZone, contacts, escalationMinutes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        language = try c.decodeIfPresent(Language.self, forKey: .language) ?? Self.defaultLanguage
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone) ?? Self.defaultTimeZone
        contacts = try c.decodeIfPresent([Contact].self, forKey: .contacts) ?? []
        escalationMinutes = try c.decodeIfPresent(Int.self, forKey: .escalationMinutes)
    }
}

public struct Contact: Sendable, Equatable, Codable {
    public var name: String
    public var email: String?
    public var phone: String?
    /// socreport extension: nil for a normal contact.
    public var role: ContactRole?

    public init(name: String, email: String? = nil, phone: String? = nil, role: ContactRole? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
        self.role = role
    }
}

/// socreport extension: what a contact is for beyond the notifications.
public enum ContactRole: String, Sendable, Codable {
    /// Gets escalations only (an unacknowledged critical or serious revision), never the first notification.
    case escalation
}

/// How collected log records narrow down to reported incidents in one month.
public struct Funnel: Sendable, Equatable, Codable {
    /// Log records collected, by source kind; sources not listed collected nothing.
    public var logsBySource: [LogSource: Int]
    /// Events the security analysis system's correlation analysis raised.
    public var events: Int
    /// Events an analyst examined in detail.
    public var escalated: Int
    /// Incidents reported; nil means "count the month's incidents".
    public var incidents: Int?

    public init(logsBySource: [LogSource: Int], events: Int, escalated: Int, incidents: Int? = nil) {
        self.logsBySource = logsBySource
        self.events = events
        self.escalated = escalated
        self.incidents = incidents
    }

    public var totalLogs: Int { logsBySource.values.reduce(0, +) }

    private enum CodingKeys: String, CodingKey {
        case logsBySource, events, escalated, incidents
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        logsBySource = try c.decodeCounts(forKey: .logsBySource)
        events = try c.decode(Int.self, forKey: .events)
        escalated = try c.decode(Int.self, forKey: .escalated)
        incidents = try c.decodeIfPresent(Int.self, forKey: .incidents)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeCounts(logsBySource, forKey: .logsBySource)
        try c.encode(events, forKey: .events)
        try c.encode(escalated, forKey: .escalated)
        try c.encodeIfPresent(incidents, forKey: .incidents)
    }
}

/// An advisor's hardening or improvement proposal.
public struct Advice: Sendable, Equatable, Codable {
    public var title: String
    public var body: String
    public var priority: AdvicePriority?

    public init(title: String, body: String, priority: AdvicePriority? = nil) {
        self.title = title
        self.body = body
        self.priority = priority
    }
}

public struct NewsItem: Sendable, Equatable, Codable {
    public var date: CalendarDate
    public var title: String
    public var summary: String
    public var source: String?
    public var url: String?
    public var tags: [String]
    /// Extension of the contract: the language the item is written in. A report shows the items in its
    /// own language and those without one.
    public var language: Language?

    public init(
        date: CalendarDate, title: String, summary: String, source: String? = nil, url: String? = nil,
        tags: [String] = [], language: Language? = nil
    ) {
        self.date = date
        self.title = title
        self.summary = summary
        self.source = source
        self.url = url
        self.tags = tags
        self.language = language
    }

    private enum CodingKeys: String, CodingKey {
        case date, title, summary, source, url, tags, language
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        date = try c.decode(CalendarDate.self, forKey: .date)
        title = try c.decode(String.self, forKey: .title)
        summary = try c.decode(String.self, forKey: .summary)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        language = try c.decodeIfPresent(Language.self, forKey: .language)
    }
}

// MARK: - Count maps

/// A string coding key for JSON objects whose keys are data, like `{"url-filter": 12}`.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) {
        stringValue = string
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        nil
    }
}

/// The contract's count maps are JSON objects keyed by an enum's raw values. `Dictionary`'s own coding
/// would write an enum-keyed map as an array of alternating keys and values; these write an object,
/// key by key in case order so that order never depends on hashing.
extension KeyedDecodingContainer {
    func decodeCounts<Category>(forKey key: Key) throws -> [Category: Int]
    where Category: RawRepresentable & Hashable, Category.RawValue == String {
        let nested = try nestedContainer(keyedBy: AnyCodingKey.self, forKey: key)
        var counts: [Category: Int] = [:]
        for countKey in nested.allKeys {
            guard let category = Category(rawValue: countKey.stringValue) else {
                throw DecodingError.dataCorruptedError(
                    forKey: countKey, in: nested, debugDescription: "unknown key \(quoted(countKey.stringValue))")
            }
            counts[category] = try nested.decode(Int.self, forKey: countKey)
        }
        return counts
    }
}

extension KeyedEncodingContainer {
    mutating func encodeCounts<Category>(_ counts: [Category: Int], forKey key: Key) throws
    where Category: RawRepresentable & CaseIterable & Hashable, Category.RawValue == String {
        var nested = nestedContainer(keyedBy: AnyCodingKey.self, forKey: key)
        for category in Category.allCases {
            if let count = counts[category] {
                try nested.encode(count, forKey: AnyCodingKey(category.rawValue))
            }
        }
    }
}
