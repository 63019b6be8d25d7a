import SOCIndicators
import SOCStore

/// A request's TAXII filters and paging (`added_after`, `limit`, `next`, `match[...]`) as a store query,
/// or every problem with them, one line each naming the parameter.
public struct TAXIIFilters: Sendable {
    /// Pages hold at most this many objects whatever `limit` asks; the default when it asks nothing.
    public static let maxLimit = 1000
    public static let defaultLimit = 100

    public var query: TAXIIQuery
    /// False when `match[spec_version]` excludes STIX 2.1: nothing matches, nothing need be read.
    public var matchesSpecVersion = true

    /// Which endpoint the parameters came to: the objects and manifest of a collection, one object,
    /// or one object's versions.
    public enum Endpoint: Sendable {
        case collection
        case object(String)
        case versions(String)
    }

    public init(_ parameters: [(name: String, value: String)], endpoint: Endpoint, allowRed: Bool)
        throws(TAXIIFilterError)
    {
        query = TAXIIQuery(limit: Self.defaultLimit, allowRed: allowRed)
        var problems: [String] = []
        var lowerBounds: [Int64] = []
        for (name, value) in parameters {
            let list = value.split(separator: ",", omittingEmptySubsequences: false).map {
                String($0).trimmingCharacters(in: .whitespaces)
            }
            switch name {
            case "added_after":
                if let micros = STIXTimestamp.microseconds(value) {
                    lowerBounds.append(micros)
                } else {
                    problems.append("added_after: \"\(value)\" is not a timestamp like 2026-03-10T01:00:00.000Z")
                }
            case "limit":
                if let limit = Int(value), limit > 0 {
                    query.limit = min(limit, Self.maxLimit)
                } else {
                    problems.append("limit: \"\(value)\" is not a positive whole number")
                }
            case "next":
                // The date added of the last object of the previous page, as the envelope gave it.
                if let after = Int64(value), after >= 0 {
                    lowerBounds.append(after)
                } else {
                    problems.append("next: \"\(value)\" is not a value an envelope of this server gave")
                }
            case "match[id]":
                if case .collection = endpoint { query.objectIDs = list }
            case "match[type]":
                query.types = list
            case "match[version]":
                if case .versions = endpoint {
                    problems.append(
                        "match[version]: the versions endpoint lists every version; it takes no version filter")
                    continue
                }
                var versions = Set<TAXIIQuery.Version>()
                for item in list {
                    switch item {
                    case "first": versions.insert(.first)
                    case "last": versions.insert(.last)
                    case "all": versions.insert(.all)
                    default:
                        if let micros = STIXTimestamp.microseconds(item) {
                            versions.insert(.at(micros))
                        } else {
                            problems.append("match[version]: \"\(item)\" is not first, last, all or a timestamp")
                        }
                    }
                }
                query.versions = versions
            case "match[spec_version]":
                matchesSpecVersion = list.contains("2.1")
            default:
                // TAXII: a filter the server does not support is ignored.
                continue
            }
        }
        switch endpoint {
        case .collection: break
        case .object(let id): query.objectIDs = [id]
        case .versions(let id):
            query.objectIDs = [id]
            query.versions = [.all]
        }
        guard problems.isEmpty else { throw TAXIIFilterError(problems: problems) }
        query.addedAfter = lowerBounds.max()
    }
}

public struct TAXIIFilterError: Error, Sendable {
    public var problems: [String]
}
