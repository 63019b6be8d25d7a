import SOCIndicators
import SOCPortal
import SOCStore

extension Publishing {
    /// The STIX objects of the bundle among `files`, for the store to index for TAXII in the transaction
    /// that records the files: what a customer's TAXII client is served is what the portal published.
    public static func taxiiIndex(_ files: [(document: PortalDocument, bytes: [UInt8])], tenant: String) throws
        -> (tenantID: String, objects: [TAXIIObject])?
    {
        guard let bundle = files.first(where: { $0.document.path.hasSuffix(IndicatorFile.stixSuffix) }) else {
            return nil
        }
        let objects = try STIXBundleObject.objects(ofBundle: bundle.bytes).map {
            TAXIIObject(
                id: $0.id, type: $0.type, version: $0.version, versionMicros: $0.versionMicros, tlp: $0.tlp.rawValue,
                json: $0.json)
        }
        return (tenant, objects)
    }
}
