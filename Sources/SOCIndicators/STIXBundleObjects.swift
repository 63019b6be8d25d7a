import Foundation
import SOCModel

/// One object of a published STIX bundle, as a TAXII server indexes and serves it.
public struct STIXBundleObject: Sendable, Equatable {
    public var id: String
    public var type: String
    /// `modified`, or `created` for an object that has none (a marking definition): the object's version.
    public var version: String
    public var versionMicros: Int64
    /// The most restrictive TLP marking the object carries; a TLP marking definition carries its own.
    public var tlp: TLP
    /// The object alone, keys sorted.
    public var json: String

    /// The objects of a bundle `stix()` wrote, in its order.
    public static func objects(ofBundle bytes: [UInt8]) throws -> [STIXBundleObject] {
        guard let bundle = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let objects = bundle["objects"] as? [[String: Any]]
        else {
            throw STIXBundleError("not a STIX bundle: no \"objects\" array")
        }
        let tlps = Dictionary(uniqueKeysWithValues: TLP.allCases.map { ($0.markingDefinitionID, $0) })
        return try objects.enumerated().map { index, object in
            guard let id = object["id"] as? String, let type = object["type"] as? String,
                let version = (object["modified"] ?? object["created"]) as? String,
                let versionMicros = STIXTimestamp.microseconds(version)
            else {
                throw STIXBundleError(
                    "$.objects[\(index)]: an object needs an id, a type and a valid created or modified")
            }
            let markings =
                (object["object_marking_refs"] as? [String] ?? []).compactMap { tlps[$0] }
                + [tlps[id]].compactMap { $0 }
            let json = try JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            return STIXBundleObject(
                id: id, type: type, version: version, versionMicros: versionMicros,
                tlp: markings.max { $0.restriction < $1.restriction } ?? .clear,
                json: String(decoding: json, as: UTF8.self))
        }
    }
}

public struct STIXBundleError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// RFC 3339 timestamps as microseconds since 1970: the precision of TAXII's `date_added`, and what
/// `added_after` and `match[version]` are compared in.
public enum STIXTimestamp {
    /// "2026-03-10T01:00:00Z", "2026-03-10T01:00:00.123456789Z", "…+09:00"; digits past the microsecond are
    /// dropped (so "after" stays "after"). Nil for anything else.
    public static func microseconds(_ text: String) -> Int64? {
        // The whole seconds from the text without its fraction, so no digit is lost to a Double.
        var whole = text, micros: Int64 = 0
        if let point = text.firstIndex(of: ".") {
            let digits = text[text.index(after: point)...].prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return nil }
            micros = Int64(String(digits.prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0))!
            whole = String(text[..<point]) + text[digits.endIndex...]
        }
        guard let timestamp = Timestamp(rfc3339: whole) else { return nil }
        return Int64(timestamp.date.timeIntervalSince1970) * 1_000_000 + micros
    }

    /// "2026-03-10T01:00:00.123456Z".
    public static func text(microseconds: Int64) -> String {
        let whole = Timestamp(
            Date(timeIntervalSince1970: TimeInterval(microseconds / 1_000_000)), in: TimeZone(identifier: "UTC")!
        ).text
        return String(whole.dropLast()) + String(format: ".%06dZ", Int(microseconds % 1_000_000))
    }
}
