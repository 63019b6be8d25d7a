/// The types of incident.schema.json: one security incident record, the input of one incident report.
///
/// Lists the contract leaves out are empty here, and defaults are filled in, so renderers never
/// have to tell "absent" from "empty". Encoding writes them back explicitly, which the contract allows.
public struct Incident: Sendable, Equatable, Codable {
    public static let kind = "incident"
    public static let defaultRevision = 1
    public static let defaultTLP = TLP.amber

    private let kind = Incident.kind
    private let schemaVersion = 1
    public var id: String
    /// 1 for the first report; each follow-up report on the same incident raises it by one.
    public var revision: Int
    /// What changed since the previous revision.
    public var revisionNote: String?
    public var tenant: Tenant
    /// Overrides the tenant's language for this report; see `reportLanguage`.
    public var language: Language?
    public var title: String
    public var severity: Severity
    public var threatType: ThreatType
    /// Marking shown on every page; `amber` when the document leaves it out.
    public var tlp: TLP
    /// When the security analysis system raised the first related event.
    public var detectedAt: Timestamp
    /// When an analyst determined that this is an incident; the notification target is 15 minutes later.
    public var determinedAt: Timestamp
    /// When the customer's contacts were notified.
    public var notifiedAt: Timestamp?
    public var analysts: [String]
    public var analysis: Analysis
    public var recommendations: Recommendations
    public var attack: Attack

    public init(
        id: String, revision: Int = Incident.defaultRevision, revisionNote: String? = nil, tenant: Tenant,
        language: Language? = nil, title: String, severity: Severity, threatType: ThreatType,
        tlp: TLP = Incident.defaultTLP, detectedAt: Timestamp, determinedAt: Timestamp, notifiedAt: Timestamp? = nil,
        analysts: [String] = [], analysis: Analysis, recommendations: Recommendations, attack: Attack
    ) {
        self.id = id
        self.revision = revision
        self.revisionNote = revisionNote
        self.tenant = tenant
        self.language = language
        self.title = title
        self.severity = severity
        self.threatType = threatType
        self.tlp = tlp
        self.detectedAt = detectedAt
        self.determinedAt = determinedAt
        self.notifiedAt = notifiedAt
        self.analysts = analysts
        self.analysis = analysis
        self.recommendations = recommendations
        self.attack = attack
    }

    /// The language the report is written in: the incident's own, else the tenant's.
    public var reportLanguage: Language { language ?? tenant.language }

    private enum CodingKeys: String, CodingKey {
        case kind, schemaVersion, id, revision, revisionNote, tenant, language, title, severity, threatType, tlp
        case detectedAt, determinedAt, notifiedAt, analysts, analysis, recommendations, attack
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        revision = try c.decodeIfPresent(Int.self, forKey: .revision) ?? Self.defaultRevision
        revisionNote = try c.decodeIfPresent(String.self, forKey: .revisionNote)
        tenant = try c.decode(Tenant.self, forKey: .tenant)
        language = try c.decodeIfPresent(Language.self, forKey: .language)
        title = try c.decode(String.self, forKey: .title)
        severity = try c.decode(Severity.self, forKey: .severity)
        threatType = try c.decode(ThreatType.self, forKey: .threatType)
        tlp = try c.decodeIfPresent(TLP.self, forKey: .tlp) ?? Self.defaultTLP
        detectedAt = try c.decode(Timestamp.self, forKey: .detectedAt)
        determinedAt = try c.decode(Timestamp.self, forKey: .determinedAt)
        notifiedAt = try c.decodeIfPresent(Timestamp.self, forKey: .notifiedAt)
        analysts = try c.decodeIfPresent([String].self, forKey: .analysts) ?? []
        analysis = try c.decode(Analysis.self, forKey: .analysis)
        recommendations = try c.decode(Recommendations.self, forKey: .recommendations)
        attack = try c.decode(Attack.self, forKey: .attack)
    }
}

/// The analyst's analysis.
public struct Analysis: Sendable, Equatable, Codable {
    public var summary: String
    /// Damaged or targeted assets.
    public var victims: [Victim]
    /// When the attack activity began.
    public var occurredAt: Timestamp
    public var lastSeenAt: Timestamp?
    /// Malware names, campaign, CVE ids, tools.
    public var attackKeywords: [String]
    public var dataLeakage: EvidenceFinding?
    public var targetedAttack: EvidenceFinding?

    public init(
        summary: String, victims: [Victim], occurredAt: Timestamp, lastSeenAt: Timestamp? = nil,
        attackKeywords: [String] = [], dataLeakage: EvidenceFinding? = nil, targetedAttack: EvidenceFinding? = nil
    ) {
        self.summary = summary
        self.victims = victims
        self.occurredAt = occurredAt
        self.lastSeenAt = lastSeenAt
        self.attackKeywords = attackKeywords
        self.dataLeakage = dataLeakage
        self.targetedAttack = targetedAttack
    }

    private enum CodingKeys: String, CodingKey {
        case summary, victims, occurredAt, lastSeenAt, attackKeywords, dataLeakage, targetedAttack
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        summary = try c.decode(String.self, forKey: .summary)
        victims = try c.decode([Victim].self, forKey: .victims)
        occurredAt = try c.decode(Timestamp.self, forKey: .occurredAt)
        lastSeenAt = try c.decodeIfPresent(Timestamp.self, forKey: .lastSeenAt)
        attackKeywords = try c.decodeIfPresent([String].self, forKey: .attackKeywords) ?? []
        dataLeakage = try c.decodeIfPresent(EvidenceFinding.self, forKey: .dataLeakage)
        targetedAttack = try c.decodeIfPresent(EvidenceFinding.self, forKey: .targetedAttack)
    }
}

/// A damaged or targeted asset; the contract requires at least one of its fields.
public struct Victim: Sendable, Equatable, Codable {
    public var host: String?
    public var ip: String?
    public var user: String?
    public var department: String?
    public var description: String?

    public init(
        host: String? = nil, ip: String? = nil, user: String? = nil, department: String? = nil,
        description: String? = nil
    ) {
        self.host = host
        self.ip = ip
        self.user = user
        self.department = department
        self.description = description
    }
}

/// Whether something (data leakage, a targeted attack) was found, and what shows it.
public struct EvidenceFinding: Sendable, Equatable, Codable {
    public var found: Bool
    public var description: String?
    public var evidence: [String]

    public init(found: Bool, description: String? = nil, evidence: [String] = []) {
        self.found = found
        self.description = description
        self.evidence = evidence
    }

    private enum CodingKeys: String, CodingKey {
        case found, description, evidence
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        found = try c.decode(Bool.self, forKey: .found)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        evidence = try c.decodeIfPresent([String].self, forKey: .evidence) ?? []
    }
}

/// Recommended countermeasures.
public struct Recommendations: Sendable, Equatable, Codable {
    public var actions: [String]
    public var blockDomains: [String]
    public var blockUrls: [String]
    /// IPv4 or IPv6 addresses or CIDR blocks.
    public var blockIps: [String]
    /// Detection (signature) names recommended for blocking.
    public var blockSignatures: [Signature]

    public init(
        actions: [String], blockDomains: [String] = [], blockUrls: [String] = [], blockIps: [String] = [],
        blockSignatures: [Signature] = []
    ) {
        self.actions = actions
        self.blockDomains = blockDomains
        self.blockUrls = blockUrls
        self.blockIps = blockIps
        self.blockSignatures = blockSignatures
    }

    private enum CodingKeys: String, CodingKey {
        case actions, blockDomains, blockUrls, blockIps, blockSignatures
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        actions = try c.decode([String].self, forKey: .actions)
        blockDomains = try c.decodeIfPresent([String].self, forKey: .blockDomains) ?? []
        blockUrls = try c.decodeIfPresent([String].self, forKey: .blockUrls) ?? []
        blockIps = try c.decodeIfPresent([String].self, forKey: .blockIps) ?? []
        blockSignatures = try c.decodeIfPresent([Signature].self, forKey: .blockSignatures) ?? []
    }
}

/// A detection (signature) name, with the product that detects it.
public struct Signature: Sendable, Equatable, Codable {
    public var name: String
    public var id: String?
    public var product: String?

    public init(name: String, id: String? = nil, product: String? = nil) {
        self.name = name
        self.id = id
        self.product = product
    }
}

/// Attack details.
public struct Attack: Sendable, Equatable, Codable {
    /// The overall picture of the attack.
    public var overview: String
    /// The furthest stage the attack reached.
    public var stage: KillChainStage
    public var description: String
    /// MITRE ATT&CK techniques seen.
    public var techniques: [Technique]
    public var timeline: [TimelineEntry]
    /// Log records that support the analysis; may run to thousands.
    public var logs: [LogRecord]

    public init(
        overview: String, stage: KillChainStage, description: String, techniques: [Technique] = [],
        timeline: [TimelineEntry] = [], logs: [LogRecord] = []
    ) {
        self.overview = overview
        self.stage = stage
        self.description = description
        self.techniques = techniques
        self.timeline = timeline
        self.logs = logs
    }

    private enum CodingKeys: String, CodingKey {
        case overview, stage, description, techniques, timeline, logs
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        overview = try c.decode(String.self, forKey: .overview)
        stage = try c.decode(KillChainStage.self, forKey: .stage)
        description = try c.decode(String.self, forKey: .description)
        techniques = try c.decodeIfPresent([Technique].self, forKey: .techniques) ?? []
        timeline = try c.decodeIfPresent([TimelineEntry].self, forKey: .timeline) ?? []
        logs = try c.decodeIfPresent([LogRecord].self, forKey: .logs) ?? []
    }
}

/// A MITRE ATT&CK technique, e.g. "T1566.001".
public struct Technique: Sendable, Equatable, Codable {
    public var id: String
    public var name: String?

    public init(id: String, name: String? = nil) {
        self.id = id
        self.name = name
    }
}

public struct TimelineEntry: Sendable, Equatable, Codable {
    public var at: Timestamp
    public var event: String

    public init(at: Timestamp, event: String) {
        self.at = at
        self.event = event
    }
}

/// One log record that supports the analysis.
public struct LogRecord: Sendable, Equatable, Codable {
    public var time: Timestamp
    public var source: LogSource
    public var device: String?
    public var srcIp: String?
    public var srcPort: Int?
    public var dstIp: String?
    public var dstPort: Int?
    public var `protocol`: String?
    public var user: String?
    public var host: String?
    public var url: String?
    public var method: String?
    public var status: Int?
    public var action: LogAction?
    public var signature: String?
    public var category: String?
    public var bytesSent: Int?
    public var bytesReceived: Int?
    public var message: String?

    public init(
        time: Timestamp, source: LogSource, device: String? = nil, srcIp: String? = nil, srcPort: Int? = nil,
        dstIp: String? = nil, dstPort: Int? = nil, protocol: String? = nil, user: String? = nil, host: String? = nil,
        url: String? = nil, method: String? = nil, status: Int? = nil, action: LogAction? = nil,
        signature: String? = nil, category: String? = nil, bytesSent: Int? = nil, bytesReceived: Int? = nil,
        message: String? = nil
    ) {
        self.time = time
        self.source = source
        self.device = device
        self.srcIp = srcIp
        self.srcPort = srcPort
        self.dstIp = dstIp
        self.dstPort = dstPort
        self.protocol = `protocol`
        self.user = user
        self.host = host
        self.url = url
        self.method = method
        self.status = status
        self.action = action
        self.signature = signature
        self.category = category
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
        self.message = message
    }
}
