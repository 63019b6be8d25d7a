import Foundation
import Testing

@testable import SOCModel

/// Shared inputs: the samples beside the clone (`<clone>/../shared`) and a small valid incident to break.
enum Fixtures {
    /// Tests/SOCModelTests/Fixtures.swift → the package root → its sibling `shared`.
    static let shared = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")

    /// Every sample document, as paths relative to `shared` so test names stay short.
    static let samplePaths: [String] = {
        let folders = [
            "samples/incidents", "samples/bundles", "samples/metrics", "samples/notes", "samples/news", "bench/inputs",
        ]
        var paths = ["samples/tenants.json"]
        for folder in folders {
            let names =
                (try? FileManager.default.contentsOfDirectory(atPath: shared.appendingPathComponent(folder).path)) ?? []
            paths += names.filter { $0.hasSuffix(".json") }.sorted().map { "\(folder)/\($0)" }
        }
        return paths.filter { FileManager.default.fileExists(atPath: shared.appendingPathComponent($0).path) }
    }()

    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: shared.appendingPathComponent(relativePath))
    }

    /// A small incident that passes every check, with one of each field the failure tests change.
    static let incident = """
        {
          "kind": "incident",
          "schemaVersion": 1,
          "id": "INC-2026-0001",
          "tenant": { "id": "acme", "name": "ACME" },
          "title": "C2 traffic from PC-1",
          "severity": "serious",
          "threatType": "c2-communication",
          "detectedAt": "2026-11-02T10:15:00+09:00",
          "determinedAt": "2026-11-02T10:45:00+09:00",
          "notifiedAt": "2026-11-02T10:55:00+09:00",
          "analysis": {
            "summary": "PC-1 beacons to a C2 server.",
            "victims": [ { "host": "PC-1", "ip": "10.0.0.5" } ],
            "occurredAt": "2026-11-02T09:00:00+09:00",
            "lastSeenAt": "2026-11-02T10:00:00+09:00"
          },
          "recommendations": { "actions": ["Isolate PC-1."], "blockIps": ["203.0.113.9", "2001:db8::/32"] },
          "attack": {
            "overview": "Beaconing.",
            "stage": "command-and-control",
            "description": "Every 60 seconds.",
            "logs": [
              { "time": "2026-11-02T09:00:01+09:00", "source": "proxy", "srcIp": "10.0.0.5", "srcPort": 50123,
                "dstIp": "203.0.113.9", "dstPort": 443, "action": "allowed" }
            ]
          }
        }
        """

    /// `incident` with one fragment replaced; the fragment must occur exactly once.
    static func incident(replacing fragment: String, with replacement: String) throws -> Data {
        try #require(incident.components(separatedBy: fragment).count == 2, "fragment \(fragment) must occur once")
        return Data(incident.replacingOccurrences(of: fragment, with: replacement).utf8)
    }

    enum Reader {
        case any, incident, monthly, many
    }

    /// The problems reading `data` reports, or [] when it reads.
    static func problems(_ data: Data, reading reader: Reader = .any) -> [Problem] {
        do throws(InvalidDocument) {
            switch reader {
            case .any: _ = try DocumentReader.read(data, source: "test.json")
            case .incident: _ = try DocumentReader.readIncident(data, source: "test.json")
            case .monthly: _ = try DocumentReader.readMonthly(data, source: "test.json")
            case .many: _ = try DocumentReader.readMany(data, source: "test.json")
            }
            return []
        } catch {
            return error.problems
        }
    }
}
