import Foundation
import SOCModel
import SOCPortal
import Testing

/// Indicator files beside a report: published like the report, listed as kind `ioc`, linked from the page.
@Suite struct IndicatorFileTests {
    static func files(_ report: PortalDocument, _ content: String) -> [(document: PortalDocument, bytes: [UInt8])] {
        [("stix", ".stix.json"), ("csv", ".iocs.csv"), ("txt", ".domains.txt")].map { format, suffix in
            (
                report.indicatorFile(format: format, suffix: suffix, version: "test-exporter"),
                Array("\(content)\(suffix)".utf8)
            )
        }
    }

    @Test func indicatorFilesAreListedBesideTheirReportAndRepublishedOnlyWhenChanged() throws {
        let temporary = try TemporaryPortal()
        let folder = try temporary.portal.folder(for: tenant("acme"))
        let report = incidentDocument("INC-1", title: "C2 <b>")
        _ = try folder.publish(report, bytes: Array("%PDF-".utf8))
        let first = try folder.publish(Self.files(report, "one"))
        #expect(
            first.map(\.entry.path) == [
                "incidents/2026/03/INC-1-r1.stix.json", "incidents/2026/03/INC-1-r1.iocs.csv",
                "incidents/2026/03/INC-1-r1.domains.txt",
            ])
        #expect(first.allSatisfy { if case .published = $0 { true } else { false } })
        let root = temporary.portal.root.appendingPathComponent("acme")
        #expect(
            try String(contentsOf: root.appendingPathComponent("incidents/2026/03/INC-1-r1.iocs.csv"), encoding: .utf8)
                == "one.iocs.csv")
        #expect(try permissions(root.appendingPathComponent("incidents/2026/03/INC-1-r1.stix.json")) == 0o640)

        let manifest = try temporary.manifest("acme")
        let entry = try #require(manifest.entry(at: "incidents/2026/03/INC-1-r1.stix.json"))
        #expect(entry.kind == .ioc && entry.format == "stix" && entry.report == "incidents/2026/03/INC-1-r1.pdf")
        #expect(entry.sha256 == ContentDigest.sha256Hex(Array("one.stix.json".utf8)) && entry.size == 13)
        let page = try String(contentsOf: root.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page.contains(#"<a href="incidents/2026/03/INC-1-r1.stix.json">STIX 2.1</a>"#))
        #expect(
            page.components(separatedBy: "C2 &lt;b&gt;").count == 2, "the report is listed once, its files in its row")

        let again = try folder.publish(Self.files(report, "one"))
        #expect(again.allSatisfy { if case .unchanged = $0 { true } else { false } })
        let changed = try folder.publish(Self.files(report, "two"))
        #expect(changed.allSatisfy { if case .published = $0 { true } else { false } })
        #expect(try temporary.manifest("acme").documents.count == 4, "replaced, not added")
        #expect(
            try String(contentsOf: root.appendingPathComponent("incidents/2026/03/INC-1-r1.iocs.csv"), encoding: .utf8)
                == "two.iocs.csv")
        #expect(temporaryFiles(below: root).isEmpty)
    }

    @Test func aManifestWrittenBeforeIndicatorFilesStillLoads() throws {
        let temporary = try TemporaryPortal()
        let folder = try temporary.portal.folder(for: tenant("acme"))
        let old = """
            {"documents":[{"id":"INC-1","inputSha256":"x","kind":"incident","month":"2026-03","path":"incidents/2026/03/INC-1-r1.pdf",\
            "publishedAt":"2026-03-12T00:00:00Z","renderer":"r","revision":1,"severity":"serious","sha256":"y","size":1,"title":"T"}],\
            "schemaVersion":1,"tenant":{"id":"acme","name":"Tenant acme"},"updatedAt":"2026-03-12T00:00:00Z"}
            """
        try Data(old.utf8).write(to: folder.url.appendingPathComponent(Manifest.fileName))
        let entry = try #require(try folder.manifest()?.entry(at: "incidents/2026/03/INC-1-r1.pdf"))
        #expect(entry.kind == .incident && entry.format == nil && entry.report == nil)
    }
}
