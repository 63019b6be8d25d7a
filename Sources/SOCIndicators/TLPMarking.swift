import SOCModel

/// The official TLP 2.0 marking definitions for STIX 2.1, as OASIS publishes them in
/// cti-stix-common-objects (extension-definition-specifications/tlp-2.0/marking-definition.json).
extension TLP {
    static let tlp2Extension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

    var markingDefinitionID: String {
        switch self {
        case .clear: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
        case .green: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
        case .amber: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
        case .amberStrict: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
        case .red: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
        }
    }

    /// "TLP:AMBER+STRICT"
    var label: String { "TLP:" + rawValue.uppercased() }

    /// The published marking-definition object, byte for byte the same in every bundle.
    var markingDefinition: STIXObject {
        var object = STIXObject(
            type: "marking-definition", id: markingDefinitionID, created: "2022-10-01T00:00:00.000Z")
        object.name = label
        object.extensions = [Self.tlp2Extension: ["extension_type": "property-extension", "tlp_2_0": rawValue]]
        return object
    }

    /// How restrictive: clear < green < amber < amber+strict < red. A list shared by several incidents
    /// carries the most restrictive of their markings.
    var restriction: Int { Self.allCases.firstIndex(of: self)! }
}
