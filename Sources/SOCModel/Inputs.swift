/// The types of inputs.schema.json: documents that feed the store.

/// The tenants the SOC reports to.
public struct TenantsDocument: Sendable, Equatable, Codable {
    public static let kind = "tenants"

    private let kind = TenantsDocument.kind
    private let schemaVersion = 1
    public var tenants: [Tenant]

    public init(tenants: [Tenant]) {
        self.tenants = tenants
    }

    private enum CodingKeys: String, CodingKey {
        case kind, schemaVersion, tenants
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tenants = try c.decode([Tenant].self, forKey: .tenants)
    }
}

/// One tenant's log-to-incident counts for one month, as exported by the security analysis system.
public struct MetricsDocument: Sendable, Equatable, Codable {
    public static let kind = "metrics"

    private let kind = MetricsDocument.kind
    private let schemaVersion = 1
    public var tenantId: String
    public var month: YearMonth
    public var funnel: Funnel

    public init(tenantId: String, month: YearMonth, funnel: Funnel) {
        self.tenantId = tenantId
        self.month = month
        self.funnel = funnel
    }

    private enum CodingKeys: String, CodingKey {
        case kind, schemaVersion, tenantId, month, funnel
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tenantId = try c.decode(String.self, forKey: .tenantId)
        month = try c.decode(YearMonth.self, forKey: .month)
        funnel = try c.decode(Funnel.self, forKey: .funnel)
    }
}

/// What an analyst wrote for one tenant's monthly report.
public struct NotesDocument: Sendable, Equatable, Codable {
    public static let kind = "notes"

    private let kind = NotesDocument.kind
    private let schemaVersion = 1
    public var tenantId: String
    public var month: YearMonth
    public var overview: String?
    /// Nil when the analyst wrote none (the report then derives proposals); see `MonthlyBundle.advice`.
    public var advice: [Advice]?

    public init(tenantId: String, month: YearMonth, overview: String? = nil, advice: [Advice]? = nil) {
        self.tenantId = tenantId
        self.month = month
        self.overview = overview
        self.advice = advice
    }

    private enum CodingKeys: String, CodingKey {
        case kind, schemaVersion, tenantId, month, overview, advice
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tenantId = try c.decode(String.self, forKey: .tenantId)
        month = try c.decode(YearMonth.self, forKey: .month)
        overview = try c.decodeIfPresent(String.self, forKey: .overview)
        advice = try c.decodeIfPresent([Advice].self, forKey: .advice)
    }
}

/// Threat news of one month, shown in every tenant's monthly report.
public struct NewsDocument: Sendable, Equatable, Codable {
    public static let kind = "news"

    private let kind = NewsDocument.kind
    private let schemaVersion = 1
    public var month: YearMonth
    public var items: [NewsItem]

    public init(month: YearMonth, items: [NewsItem]) {
        self.month = month
        self.items = items
    }

    private enum CodingKeys: String, CodingKey {
        case kind, schemaVersion, month, items
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        month = try c.decode(YearMonth.self, forKey: .month)
        items = try c.decode([NewsItem].self, forKey: .items)
    }
}
