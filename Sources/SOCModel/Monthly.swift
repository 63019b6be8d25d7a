/// The types of monthly.schema.json: everything one tenant's monthly report is drawn from.
public struct MonthlyBundle: Sendable, Equatable, Codable {
    public static let kind = "monthly"

    private let kind = MonthlyBundle.kind
    private let schemaVersion = 1
    public var tenant: Tenant
    /// The report's month, in the tenant's time zone.
    public var month: YearMonth
    public var funnel: Funnel
    /// Every incident reported to the tenant in the month (latest revision of each).
    public var incidents: [IncidentSummary]
    /// Earlier months, oldest first, for trends.
    public var history: [HistoryMonth]
    /// The analyst's review of the month; nil means "write one from the figures".
    public var overview: String?
    /// Advisor notes; nil means "derive proposals from the month's incidents" (an empty list means none).
    public var advice: [Advice]?
    /// Threat news of the month, the same for every tenant.
    public var news: [NewsItem]
    /// A marking the report must carry at least (an extension of the contract); see `marking`.
    public var tlp: TLP?

    /// The report's TLP marking: the most restricted of what it shows (its incidents' markings, and
    /// AMBER for the tenant's own figures), raised to the bundle's `tlp`, never lowered by it.
    public var marking: TLP {
        max(incidents.map(\.tlp).max() ?? .clear, tlp ?? .clear, Incident.defaultTLP)
    }

    public init(
        tenant: Tenant, month: YearMonth, funnel: Funnel, incidents: [IncidentSummary], history: [HistoryMonth] = [],
        overview: String? = nil, advice: [Advice]? = nil, news: [NewsItem] = [], tlp: TLP? = nil
    ) {
        self.tenant = tenant
        self.month = month
        self.funnel = funnel
        self.incidents = incidents
        self.history = history
        self.overview = overview
        self.advice = advice
        self.news = news
        self.tlp = tlp
    }

    private enum CodingKeys: String, CodingKey {
        case kind, schemaVersion, tenant, month, funnel, incidents, history, overview, advice, news, tlp
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tenant = try c.decode(Tenant.self, forKey: .tenant)
        month = try c.decode(YearMonth.self, forKey: .month)
        funnel = try c.decode(Funnel.self, forKey: .funnel)
        incidents = try c.decode([IncidentSummary].self, forKey: .incidents)
        history = try c.decodeIfPresent([HistoryMonth].self, forKey: .history) ?? []
        overview = try c.decodeIfPresent(String.self, forKey: .overview)
        advice = try c.decodeIfPresent([Advice].self, forKey: .advice)
        news = try c.decodeIfPresent([NewsItem].self, forKey: .news) ?? []
        tlp = try c.decodeIfPresent(TLP.self, forKey: .tlp)
    }
}

/// One incident as the monthly report lists it.
public struct IncidentSummary: Sendable, Equatable, Codable {
    public var id: String
    /// The incident's revision; 1 when left out, as for the incident itself.
    public var revision: Int
    public var title: String
    public var severity: Severity
    public var threatType: ThreatType
    public var stage: KillChainStage?
    public var detectedAt: Timestamp?
    public var determinedAt: Timestamp
    public var notifiedAt: Timestamp?
    /// socreport extension: when the relay accepted the first notification mail of the incident (any revision),
    /// as the service recorded it.
    public var systemNotifiedAt: Timestamp?
    /// socreport extension: the incident's first acknowledgement (any revision), as the service recorded it.
    public var acknowledgedAt: Timestamp?
    /// socreport extension: telephone calls staff recorded about the incident (any revision).
    public var calls: Int?

    /// When the customer was first told: the earlier of the record's `notifiedAt` and the system's time.
    public var firstNotifiedAt: Timestamp? {
        [notifiedAt, systemNotifiedAt].compactMap { $0 }.min()
    }

    /// The incident's marking (an extension of the contract); AMBER when left out, as for the incident.
    public var tlp: TLP

    public init(
        id: String, revision: Int = Incident.defaultRevision, title: String, severity: Severity, threatType: ThreatType,
        stage: KillChainStage? = nil, detectedAt: Timestamp? = nil, determinedAt: Timestamp,
        notifiedAt: Timestamp? = nil, systemNotifiedAt: Timestamp? = nil, acknowledgedAt: Timestamp? = nil,
        calls: Int? = nil,
        tlp: TLP = Incident.defaultTLP
    ) {
        self.id = id
        self.revision = revision
        self.title = title
        self.severity = severity
        self.threatType = threatType
        self.stage = stage
        self.detectedAt = detectedAt
        self.determinedAt = determinedAt
        self.notifiedAt = notifiedAt
        self.systemNotifiedAt = systemNotifiedAt
        self.acknowledgedAt = acknowledgedAt
        self.calls = calls
        self.tlp = tlp
    }

    /// The summary of a full incident record.
    public init(_ incident: Incident) {
        self.init(
            id: incident.id, revision: incident.revision, title: incident.title, severity: incident.severity,
            threatType: incident.threatType, stage: incident.attack.stage, detectedAt: incident.detectedAt,
            determinedAt: incident.determinedAt, notifiedAt: incident.notifiedAt, tlp: incident.tlp)
    }

    private enum CodingKeys: String, CodingKey {
        case id, revision, title, severity, threatType, stage, detectedAt, determinedAt, notifiedAt, systemNotifiedAt,
            acknowledgedAt, calls, tlp
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        revision = try c.decodeIfPresent(Int.self, forKey: .revision) ?? Incident.defaultRevision
        title = try c.decode(String.self, forKey: .title)
        severity = try c.decode(Severity.self, forKey: .severity)
        threatType = try c.decode(ThreatType.self, forKey: .threatType)
        stage = try c.decodeIfPresent(KillChainStage.self, forKey: .stage)
        detectedAt = try c.decodeIfPresent(Timestamp.self, forKey: .detectedAt)
        determinedAt = try c.decode(Timestamp.self, forKey: .determinedAt)
        notifiedAt = try c.decodeIfPresent(Timestamp.self, forKey: .notifiedAt)
        systemNotifiedAt = try c.decodeIfPresent(Timestamp.self, forKey: .systemNotifiedAt)
        acknowledgedAt = try c.decodeIfPresent(Timestamp.self, forKey: .acknowledgedAt)
        calls = try c.decodeIfPresent(Int.self, forKey: .calls)
        tlp = try c.decodeIfPresent(TLP.self, forKey: .tlp) ?? Incident.defaultTLP
    }
}

/// The figures of an earlier month, for trend charts.
public struct HistoryMonth: Sendable, Equatable, Codable {
    public var month: YearMonth
    public var funnel: Funnel
    /// Incidents by severity; severities not listed had none.
    public var bySeverity: [Severity: Int]
    /// Incidents by threat type; types not listed had none.
    public var byThreatType: [ThreatType: Int]

    public init(month: YearMonth, funnel: Funnel, bySeverity: [Severity: Int], byThreatType: [ThreatType: Int]) {
        self.month = month
        self.funnel = funnel
        self.bySeverity = bySeverity
        self.byThreatType = byThreatType
    }

    private enum CodingKeys: String, CodingKey {
        case month, funnel, bySeverity, byThreatType
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        month = try c.decode(YearMonth.self, forKey: .month)
        funnel = try c.decode(Funnel.self, forKey: .funnel)
        bySeverity = try c.decodeCounts(forKey: .bySeverity)
        byThreatType = try c.decodeCounts(forKey: .byThreatType)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(month, forKey: .month)
        try c.encode(funnel, forKey: .funnel)
        try c.encodeCounts(bySeverity, forKey: .bySeverity)
        try c.encodeCounts(byThreatType, forKey: .byThreatType)
    }
}
