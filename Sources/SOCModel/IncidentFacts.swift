/// What the portal pages show of an incident revision beside its manifest entry.
public struct IncidentFacts: Sendable, Equatable {
    public var id: String
    public var revision: Int
    public var threatType: ThreatType?
    public var determinedAt: String
    public var tlp: TLP
    public var revisionNote: String?

    public init(
        id: String, revision: Int, threatType: ThreatType?, determinedAt: String, tlp: TLP, revisionNote: String?
    ) {
        self.id = id
        self.revision = revision
        self.threatType = threatType
        self.determinedAt = determinedAt
        self.tlp = tlp
        self.revisionNote = revisionNote
    }
}
