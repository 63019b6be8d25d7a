import Foundation
import SOCModel

/// An incident document being written: a JSON object that may still lack required fields, checked by
/// the same reader as `validate` and the API. Its tenant is always the store's, whatever was sent.
public enum DraftDocument {
    /// `object` as an incident of `tenant`: the contract's kind and version, and the tenant as stored.
    public static func completed(_ object: [String: Any], tenant: Tenant) throws -> Data {
        var object = object
        object["kind"] = Incident.kind
        object["schemaVersion"] = 1
        object["tenant"] = try JSONSerialization.jsonObject(with: JSONEncoder().encode(tenant))
        return try JSONSerialization.data(
            withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }

    /// The problems a draft may not even be saved with: everything but required fields still missing.
    public static func malformed(_ data: Data) -> [Problem] {
        DocumentReader.incidentProblems(data).filter { !$0.isMissingProperty }
    }

    /// Every problem that keeps the draft from being submitted. A follow-up report (revision 2 and
    /// later) needs its revision note, which the contract leaves optional.
    public static func problems(_ data: Data) -> [Problem] {
        var problems = DocumentReader.incidentProblems(data)
        if let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            (object["revision"] as? Int ?? 1) > 1,
            ((object["revisionNote"] as? String) ?? "").isEmpty
        {
            problems.append(Problem(path: "$.revisionNote", kind: .revisionNote))
        }
        return problems
    }
}
