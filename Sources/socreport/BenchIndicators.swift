import Foundation
import SOCEngine
import SOCIndicators
import SOCModel
import SOCPortal
import SOCStore

/// `bench --indicators`: what exporting an incident's indicator files adds to publishing it. Each
/// iteration publishes into a fresh portal folder, once the report alone and once the report with its
/// indicator files in one step, as `incident publish` does, so both are really written (temporary
/// file, fsync, rename, manifest and page under the lock); the store's records are left out of both.
enum BenchIndicators {
    struct Figures {
        var publishMilliseconds: Double
        var exportMilliseconds: Double
        /// Building the five files in memory, without writing them.
        var computeMilliseconds: Double
        var percent: Double { exportMilliseconds / publishMilliseconds * 100 }
    }

    static func measure(_ incident: Incident, engine: ReportEngine, iterations: Int) throws -> Figures {
        let report = PortalDocument.incident(
            id: incident.id, revision: incident.revision, title: incident.title, severity: incident.severity,
            month: YearMonth(containing: incident.determinedAt.date, in: incident.tenant.resolvedTimeZone),
            inputSha256: ContentDigest.sha256Hex(try CanonicalJSON.encode(incident)), renderer: "bench")
        /// Publishes into a fresh portal, removed afterwards; returns the milliseconds `body` took.
        func timed(_ body: (TenantFolder) throws -> Void) throws -> Double {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent(
                "socreport-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            let folder = try Portal(root: root).folder(for: incident.tenant)
            var clock = PhaseClock()
            try body(folder)
            clock.lap()
            return clock.laps[0]
        }
        var publish: [Double] = [], export: [Double] = [], compute: [Double] = []
        for i in 0...iterations {
            engine.forgetTexts()
            var clock = PhaseClock()
            let pdf = try engine.render(engine.incidentDocument(incident)).pdf
            clock.lap()
            let alone = try timed { _ = try $0.publish(report, bytes: pdf) }
            let together = try timed { folder in
                let files = try IndicatorList(incident: incident).files().map {
                    (
                        document: report.indicatorFile(
                            format: $0.format.rawValue, suffix: $0.suffix, version: IndicatorList.version),
                        bytes: $0.bytes
                    )
                }
                _ = try folder.publish([(report, pdf)] + files)
            }
            var building = PhaseClock()
            _ = try IndicatorList(incident: incident).files()
            building.lap()
            if i > 0 {
                compute.append(building.laps[0])
                publish.append(clock.laps[0] + alone)
                export.append(together - alone)
            }
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        return Figures(
            publishMilliseconds: median(publish), exportMilliseconds: median(export),
            computeMilliseconds: median(compute))
    }
}
