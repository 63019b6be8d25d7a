/// One STIX 2.1 object as written: the properties socreport uses, absent ones left out. Encoded with
/// sorted keys, so the same object is always the same bytes.
struct STIXObject: Encodable, Sendable {
    var type: String
    var specVersion = "2.1"
    var id: String
    var created: String
    var modified: String?
    var createdByRef: String?
    var name: String?
    var description: String?
    var identityClass: String?
    var indicatorTypes: [String]?
    var pattern: String?
    var patternType: String?
    var patternVersion: String?
    var validFrom: String?
    var killChainPhases: [KillChainPhase]?
    var reportTypes: [String]?
    var published: String?
    var abstract: String?
    var content: String?
    var objectRefs: [String]?
    var labels: [String]?
    var externalReferences: [ExternalReference]?
    var objectMarkingRefs: [String]?
    var extensions: [String: [String: String]]?

    init(type: String, id: String, created: String, modified: String? = nil) {
        self.type = type
        self.id = id
        self.created = created
        self.modified = modified
    }

    struct KillChainPhase: Encodable, Sendable {
        var killChainName = "lockheed-martin-cyber-kill-chain"
        var phaseName: String
    }

    struct ExternalReference: Encodable, Sendable {
        var sourceName: String
        var externalId: String?
        var url: String?
        var description: String?
    }
}

/// A STIX bundle: its objects in a fixed order (markings, identity, report, then the rest by id).
struct STIXBundleFile: Encodable {
    var type = "bundle"
    var id: String
    var objects: [STIXObject]
}
