import Foundation

/// TAXII 2.1's media types, and which one a request's `Accept` lets a server answer with.
public enum TAXIIMediaType {
    public static let taxii = "application/taxii+json;version=2.1"
    public static let stix = "application/stix+json;version=2.1"

    /// The media type to answer a request with `accept`, or nil when it accepts none the endpoint
    /// serves (answered 406). TAXII resources are `application/taxii+json`; the objects endpoints also
    /// answer a client asking for `application/stix+json`. A missing header accepts anything.
    public static func answer(accept: String?, objects: Bool = false) -> String? {
        guard let accept, !accept.allSatisfy(\.isWhitespace) else { return taxii }
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let parameters = Dictionary(
                parts.dropFirst().compactMap { part -> (String, String)? in
                    let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    return pair.count == 2
                        ? (pair[0], pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))) : nil
                }, uniquingKeysWith: { a, _ in a })
            if parameters["q"].flatMap(Double.init) == 0 { continue }
            guard parameters["version"].map({ $0 == "2.1" }) ?? true else { continue }
            switch parts.first {
            case "application/taxii+json", "application/*", "*/*": return taxii
            case "application/stix+json" where objects: return stix
            default: continue
            }
        }
        return nil
    }

    /// Whether a request body declared `contentType` is a TAXII 2.1 envelope.
    public static func isEnvelope(contentType: String?) -> Bool {
        guard let contentType else { return false }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return parts.first == "application/taxii+json"
            && parts.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "") == "version=2.1" }
    }
}
