import Foundation
import SOCModel
import Testing

/// The sample incidents beside the clone (`<clone>/../shared`), and edited copies of them.
enum Fixtures {
    static let testFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let shared = testFolder.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")
    static let incidentsFolder = shared.appendingPathComponent("samples/incidents")

    /// Every sample incident file; fails (never passes vacuously) when ../shared is missing.
    static func sampleFiles() throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: incidentsFolder.path).filter {
            $0.hasSuffix(".json")
        }.sorted()
        try #require(names.count >= 100, "the samples in \(incidentsFolder.path)")
        return names.map { incidentsFolder.appendingPathComponent($0) }
    }

    static let baseFile = "INC-202601-ACME-0001.json"

    /// The JSON of a sample incident with `edits` applied (key path → new value; nil removes the key).
    static func edited(_ edits: [([String], Any?)], base: String = baseFile) throws -> Data {
        var json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: incidentsFolder.appendingPathComponent(base)))
            as! [String: Any]
        for (path, value) in edits { json = set(json, path[...], value) as! [String: Any] }
        return try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
    }

    private static func set(_ node: Any, _ path: ArraySlice<String>, _ value: Any?) -> Any? {
        guard let key = path.first else { return value }
        var object = node as! [String: Any]
        object[key] = set(object[key] ?? [String: Any](), path.dropFirst(), value)
        return object
    }

    static func incident(_ data: Data, _ name: String = "edited") throws -> Incident {
        try DocumentReader.readIncident(data, source: name)
    }
}
