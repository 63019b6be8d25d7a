/// The TAXII 2.1 resources that describe a server: discovery, an API root per tenant, its collections.
public struct TAXIIDiscovery: Encodable, Sendable {
    public var title = "socreport TAXII"
    public var description = "STIX 2.1 indicators of the incidents and monthly reports published for each tenant."
    /// The API root of the key's tenant, for a key that sees one.
    public var `default`: String?
    public var apiRoots: [String]

    /// `roots` are the tenants the key sees; `own` the key's tenant, if it has one.
    public init(roots: [String], own: String?) {
        apiRoots = roots.map(TAXIIPaths.root)
        `default` = own.map(TAXIIPaths.root)
    }

    enum CodingKeys: String, CodingKey {
        case title, description, `default`, apiRoots = "api_roots"
    }
}

public struct TAXIIAPIRoot: Encodable, Sendable {
    public var title: String
    public var description: String
    public var versions = [TAXIIMediaType.taxii]
    public var maxContentLength: Int

    public init(tenantName: String, maxContentLength: Int) {
        title = tenantName
        description = "STIX 2.1 objects published for \(tenantName)"
        self.maxContentLength = maxContentLength
    }

    enum CodingKeys: String, CodingKey {
        case title, description, versions, maxContentLength = "max_content_length"
    }
}

/// A feed of a tenant's STIX objects. Read-only: objects arrive by publishing reports, never by TAXII.
public struct TAXIICollection: Encodable, Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var canRead = true
    public var canWrite = false
    public var mediaTypes = [TAXIIMediaType.stix]

    /// Every object of every published bundle: indicators, the reports and notes naming them, ATT&CK
    /// techniques, the SOC's identity and the TLP marking definitions. The same id under every API root.
    public static let all = TAXIICollection(
        id: "6a1d3c4e-9b57-4f0e-8c39-5d1f7c2b8a60", title: "All indicators",
        description:
            "Every STIX object of every published incident and monthly report; a newer revision adds a newer version of the same object."
    )

    public static let collections = [all]

    public static func named(_ id: String) -> TAXIICollection? {
        collections.first { $0.id == id }
    }

    enum CodingKeys: String, CodingKey {
        case id, title, description, canRead = "can_read", canWrite = "can_write", mediaTypes = "media_types"
    }
}

public struct TAXIICollections: Encodable, Sendable {
    public var collections = TAXIICollection.collections
    public init() {}
}

/// Where the TAXII resources are mounted.
public enum TAXIIPaths {
    public static let discovery = "/taxii2/"

    public static func root(_ tenant: String) -> String { "/taxii2/\(tenant)/" }
}
