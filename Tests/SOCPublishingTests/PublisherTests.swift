import Foundation
import SOCModel
import SOCPortal
import SOCPublishing
import SOCStore
import Synchronization
import Testing

/// Publishing through the library itself, as the server does: no binary started.
@Suite struct PublisherTests {
    let root: URL
    let store: Store
    let portal: Portal

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "socreport-publishing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        store = try Store(location: root.appendingPathComponent("store.sqlite").path)
        portal = try Portal(root: root.appendingPathComponent("portal"))
    }

    static func incident(revision: Int = 1, title: String = "フィッシングサイトへのアクセス") throws -> Incident {
        let at = "2026-03-10T01:00:00Z"
        let tenant: [String: Any] = [
            "id": "acme", "name": "Acme", "language": "ja", "timeZone": "Asia/Tokyo",
            "contacts": [["name": "SOC desk", "email": "soc@acme.example"]],
        ]
        let object: [String: Any] = [
            "kind": "incident", "schemaVersion": 1, "id": "INC-1", "revision": revision, "tenant": tenant,
            "title": title,
            "severity": "critical", "threatType": "phishing", "detectedAt": at, "determinedAt": at,
            "analysis": ["summary": "概要。", "victims": [["host": "PC-1"]], "occurredAt": at],
            "recommendations": ["actions": ["PC-1 を隔離してください。"]],
            "attack": ["overview": "概要。", "stage": "delivery", "description": "説明。"],
        ]
        return try DocumentReader.readIncident(try JSONSerialization.data(withJSONObject: object), source: "test")
    }

    @Test func publishesOnceAndRefusesAChangedRevision() async throws {
        let publisher = try IncidentPublisher(store: store, portal: portal, command: "test")
        let first = try await publisher.publish(try Self.incident())
        #expect(!first.outcome.isUnchanged)
        #expect(try Data(contentsOf: first.file).prefix(5) == Data("%PDF-".utf8))
        #expect(first.outcome.entry.path == "incidents/2026/03/INC-1-r1.pdf")
        #expect(
            try await store.publications(tenantID: "acme").map(\.kind).sorted { $0.rawValue < $1.rawValue } == [
                .incident
            ] + Array(repeating: .ioc, count: 5))
        #expect(
            first.indicators.map(\.entry.path)
                == [".stix.json", ".iocs.csv", ".domains.txt", ".urls.txt", ".ips.txt"].map {
                    "incidents/2026/03/INC-1-r1" + $0
                })

        let again = try await publisher.publish(try Self.incident())
        #expect(again.outcome.isUnchanged)
        #expect(again.pdf == nil, "an unchanged revision is not drawn again")
        #expect(again.indicators.allSatisfy { $0.isUnchanged }, "the same indicators are not written again")
        #expect(try await store.publications(tenantID: "acme").count == 6)

        await #expect(throws: PortalError.self) { try await publisher.publish(try Self.incident(title: "別の件名")) }
        let second = try await publisher.publish(try Self.incident(revision: 2, title: "別の件名"))
        #expect(second.outcome.entry.path == "incidents/2026/03/INC-1-r2.pdf")
        #expect(try portal.folder(for: second.tenant).manifest()?.documents.filter { $0.kind == .incident }.count == 2)
        #expect(try portal.folder(for: second.tenant).manifest()?.documents.filter { $0.kind == .ioc }.count == 10)
    }

    @Test func monthlyBatchPublishesEachTenantOnceAndReportsProgress() async throws {
        _ = try await publisher().publish(try Self.incident())
        let batch = try MonthlyBatch(
            store: store, portal: portal, month: YearMonth("2026-03")!, jobs: 2, command: "test")
        let heard = Mutex<[String]>([])
        let summary = try await batch.run(["acme"]) { tenant, _ in heard.withLock { $0.append(tenant) } }
        #expect(summary.published == 1 && summary.failures.isEmpty, "\(summary.failures)")
        #expect(heard.withLock { $0 } == ["acme"])
        #expect(
            FileManager.default.fileExists(atPath: portal.root.appendingPathComponent("acme/monthly/2026-03.pdf").path))
        let rerun = try await batch.run(["acme"])
        #expect(rerun.unchanged == 1 && rerun.published == 0)
    }

    /// A process killed after the manifest listed a monthly report and before the store recorded it, as a
    /// second store that never saw the publication has it: the next run finds the report published and
    /// records its files, once.
    @Test func monthlyBatchRecordsWhatAKilledProcessListedButDidNotRecord() async throws {
        _ = try await publisher().publish(try Self.incident())
        let month = YearMonth("2026-03")!
        #expect(
            try await MonthlyBatch(store: store, portal: portal, month: month, jobs: 1, command: "test").run(["acme"])
                .published == 1)
        let unaware = try Store(location: root.appendingPathComponent("unaware.sqlite").path)
        _ = try await IncidentPublisher(store: unaware, portal: portal, command: "test").publish(try Self.incident())
        let batch = try MonthlyBatch(store: unaware, portal: portal, month: month, jobs: 1, command: "test")
        for _ in 0..<2 {
            #expect(try await batch.run(["acme"]).unchanged == 1)
            let manifest = try #require(try portal.folder(for: try Self.incident().tenant).manifest())
            let listed = manifest.documents.filter { $0.path.hasPrefix("monthly/") }.map { [$0.path, $0.sha256] }
            let recorded = try await unaware.publications(tenantID: "acme").filter {
                $0.month == "2026-03" && $0.path.hasPrefix("monthly/")
            }
            #expect(listed.count == 6)
            #expect(recorded.map { [$0.path, $0.sha256] }.sorted { $0[0] < $1[0] } == listed.sorted { $0[0] < $1[0] })
        }
    }

    private func publisher() throws -> IncidentPublisher {
        try IncidentPublisher(store: store, portal: portal, command: "test")
    }
}
