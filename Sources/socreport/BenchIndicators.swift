import Foundation
import SOCEngine
import SOCIndicators
import SOCModel
import SOCPortal
import SOCStore

/// `bench --indicators`: what exporting an incident's indicator files adds to publishing it. Each
/// iteration publishes into a fresh portal folder, so both the report and its indicator files are
/// really written (temporary file, fsync, rename, manifest and page under the lock), as `incident
/// publish` does; the store's records of them are left out on both sides.
enum BenchIndicators {
    struct Figures {
        var publishMilliseconds: Double
        var exportMilliseconds: Double
        var percent: Double { exportMilliseconds / publishMilliseconds * 100 }
    }

    static func measure(_ incident: Incident, engine: ReportEngine, iterations: Int) throws -> Figures {
        var publish: [Double] = [], export: [Double] = []
        for i in 0...iterations {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("socreport-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            let folder = try Portal(root: root).folder(for: incident.tenant)
            engine.forgetTexts()
            var clock = PhaseClock()
            let report = PortalDocument.incident(
                id: incident.id, revision: incident.revision, title: incident.title, severity: incident.severity,
                month: YearMonth(containing: incident.determinedAt.date, in: incident.tenant.resolvedTimeZone),
                inputSha256: ContentDigest.sha256Hex(try CanonicalJSON.encode(incident)), renderer: "bench")
            _ = try folder.publish(report, bytes: try engine.render(engine.incidentDocument(incident)).pdf)
            clock.lap()
            let files = try IndicatorList(incident: incident).files().map {
                (document: report.indicatorFile(format: $0.format.rawValue, suffix: $0.suffix, version: IndicatorList.version), bytes: $0.bytes)
            }
            _ = try folder.publish(files)
            clock.lap()
            if i > 0 {
                publish.append(clock.laps[0])
                export.append(clock.laps[1])
            }
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        return Figures(publishMilliseconds: median(publish), exportMilliseconds: median(export))
    }
}
