import Foundation
import SOCModel

/// What a follow-up report changes against the revision published before it, field by field: every
/// value that differs, by its JSON path ("analysis.victims[1].host"), with the value before and after.
enum DraftChanges {
    struct Change {
        var path: String
        var before: String?
        var after: String?
    }

    /// Fields every revision changes, or that the workbench sets, left out of the list.
    static let ignored: Set<String> = ["kind", "schemaVersion", "revision", "revisionNote", "notifiedAt"]

    static func between(published: [String: Any], draft: [String: Any]) -> [Change] {
        var before: [String: String] = [:], after: [String: String] = [:]
        flatten(published, "", into: &before)
        flatten(draft, "", into: &after)
        return Set(before.keys).union(after.keys).sorted(by: pathOrder).compactMap { path in
            guard !ignored.contains(String(path.prefix { $0 != "." && $0 != "[" })), !path.hasPrefix("tenant."),
                !same(before[path], after[path])
            else { return nil }
            return Change(path: path, before: before[path], after: after[path])
        }
    }

    /// Equal, or the same instant written with another offset (the form writes the tenant's).
    private static func same(_ a: String?, _ b: String?) -> Bool {
        guard a != b else { return true }
        guard let a, let b, let x = Timestamp(rfc3339: a), let y = Timestamp(rfc3339: b) else { return false }
        return x.date == y.date
    }

    /// Leaves by path; an empty list or object counts as absent, as the form leaves it out.
    private static func flatten(_ value: Any, _ path: String, into leaves: inout [String: String]) {
        switch value {
        case let object as [String: Any]:
            for (key, child) in object { flatten(child, path.isEmpty ? key : path + "." + key, into: &leaves) }
        case let array as [Any]:
            for (i, child) in array.enumerated() { flatten(child, path + "[\(i)]", into: &leaves) }
        case let text as String:
            leaves[path] = text
        default:
            leaves[path] =
                (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]))
                .map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
        }
    }

    /// Document order for what the form shows first, then by index as a number ("[10]" after "[9]").
    private static func pathOrder(_ a: String, _ b: String) -> Bool {
        let x = a.split(whereSeparator: { $0 == "[" || $0 == "]" }),
            y = b.split(whereSeparator: { $0 == "[" || $0 == "]" })
        for (p, q) in zip(x, y) where p != q {
            if let m = Int(p), let n = Int(q) { return m < n }
            return p < q
        }
        return x.count < y.count
    }
}
