import Foundation
import SOCModel
import SOCPortal
import Testing

@Suite struct PublishTests {
    @Test func aPublishedIncidentIsListedWithItsDigest() throws {
        let temporary = try TemporaryPortal()
        let folder = try temporary.portal.folder(for: tenant("acme"))
        let bytes = Array("%PDF-1.7 report".utf8)
        let outcome = try folder.publish(
            incidentDocument("INC-1", revision: 1, title: "C2 <script>alert(1)</script> & more"), bytes: bytes)
        guard case .published(let entry) = outcome else { Issue.record("expected a publication"); return }

        let file = temporary.portal.root.appendingPathComponent("acme/incidents/2026/03/INC-1-r1.pdf")
        #expect(try Array(Data(contentsOf: file)) == bytes)
        #expect(entry.path == "incidents/2026/03/INC-1-r1.pdf")
        #expect(entry.sha256 == ContentDigest.sha256Hex(bytes) && entry.size == bytes.count)
        let manifest = try temporary.manifest("acme")
        #expect(manifest.tenant.id == "acme")
        #expect(manifest.documents == [entry])

        let page = try String(
            contentsOf: temporary.portal.root.appendingPathComponent("acme/index.html"), encoding: .utf8)
        #expect(page.contains("C2 &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"))
        #expect(!page.contains("<script>"))
        #expect(page.contains("href=\"incidents/2026/03/INC-1-r1.pdf\""))
    }

    @Test func foldersAre0750AndFiles0640() throws {
        let temporary = try TemporaryPortal()
        let folder = try temporary.portal.folder(for: tenant("acme"))
        _ = try folder.publish(incidentDocument("INC-1"), bytes: [1, 2, 3])
        let root = temporary.portal.root.appendingPathComponent("acme")
        for path in ["", "incidents", "incidents/2026", "incidents/2026/03"] {
            #expect(try permissions(root.appendingPathComponent(path)) == 0o750, "\(path)")
        }
        for path in ["incidents/2026/03/INC-1-r1.pdf", "index.json", "index.html", TenantFolder.lockFileName] {
            #expect(try permissions(root.appendingPathComponent(path)) == 0o640, "\(path)")
        }
    }

    @Test func everyRevisionKeepsItsOwnFile() throws {
        let temporary = try TemporaryPortal()
        let folder = try temporary.portal.folder(for: tenant("acme"))
        _ = try folder.publish(incidentDocument("INC-1", revision: 1, input: "first"), bytes: Array("first".utf8))
        _ = try folder.publish(incidentDocument("INC-1", revision: 2, input: "second"), bytes: Array("second".utf8))
        let manifest = try temporary.manifest("acme")
        #expect(manifest.documents.map(\.path) == ["incidents/2026/03/INC-1-r1.pdf", "incidents/2026/03/INC-1-r2.pdf"])
        let first = temporary.portal.root.appendingPathComponent("acme/incidents/2026/03/INC-1-r1.pdf")
        #expect(try String(contentsOf: first, encoding: .utf8) == "first")
    }

    @Test func aRevisionIsPublishedOnce() throws {
        let temporary = try TemporaryPortal()
        let folder = try temporary.portal.folder(for: tenant("acme"))
        let document = incidentDocument("INC-1", input: "same")
        _ = try folder.publish(document, bytes: [1])
        #expect(try folder.published(document) != nil)
        #expect(try folder.publish(document, bytes: [1]).entry.sha256 == ContentDigest.sha256Hex([1]))
        guard case .unchanged = try folder.publish(document, bytes: [1]) else {
            Issue.record("expected unchanged"); return
        }

        #expect(throws: PortalError.self) {
            try folder.publish(incidentDocument("INC-1", input: "different"), bytes: [2])
        }
        #expect(try temporary.manifest("acme").documents.map(\.sha256) == [ContentDigest.sha256Hex([1])])
    }

    @Test func aChangedMonthlyReportReplacesTheOldOne() throws {
        let temporary = try TemporaryPortal()
        let folder = try temporary.portal.folder(for: tenant("acme"))
        let month = YearMonth("2026-03")!
        let first = PortalDocument.monthly(month: month, title: "March", inputSha256: "a", renderer: "r1")
        _ = try folder.publish(first, bytes: [1])
        guard case .unchanged = try folder.publish(first, bytes: [1]) else {
            Issue.record("expected unchanged"); return
        }
        // A new renderer redraws an unchanged bundle.
        let redrawn = PortalDocument.monthly(month: month, title: "March", inputSha256: "a", renderer: "r2")
        #expect(try folder.published(redrawn) == nil)
        guard case .published = try folder.publish(redrawn, bytes: [2]) else {
            Issue.record("expected a publication"); return
        }
        let manifest = try temporary.manifest("acme")
        #expect(manifest.documents.count == 1)
        #expect(manifest.documents.first?.sha256 == ContentDigest.sha256Hex([2]))
        #expect(manifest.documents.first?.path == "monthly/2026-03.pdf")
    }

    @Test func aDamagedFileIsPublishedAgain() throws {
        let temporary = try TemporaryPortal()
        let folder = try temporary.portal.folder(for: tenant("acme"))
        let document = incidentDocument("INC-1")
        _ = try folder.publish(document, bytes: [1, 2, 3])
        try Data([9, 9, 9]).write(to: folder.url.appendingPathComponent(document.path))
        #expect(try folder.published(document) == nil)
        guard case .published = try folder.publish(document, bytes: [1, 2, 3]) else {
            Issue.record("expected a publication"); return
        }
        #expect(try Array(Data(contentsOf: folder.url.appendingPathComponent(document.path))) == [1, 2, 3])
    }

    @Test func leftoverTemporaryFilesAreSweptUnderTheLock() throws {
        let temporary = try TemporaryPortal()
        let folder = try temporary.portal.folder(for: tenant("acme"))
        _ = try folder.publish(incidentDocument("INC-1"), bytes: [1])
        let nested = folder.url.appendingPathComponent(
            "incidents/2026/03/.INC-2-r1.pdf\(AtomicFile.temporaryMarker)123-456")
        let top = folder.url.appendingPathComponent(".index.json\(AtomicFile.temporaryMarker)123-789")
        try Data([0]).write(to: nested)
        try Data([0]).write(to: top)
        _ = try folder.publish(incidentDocument("INC-3"), bytes: [3])
        #expect(temporaryFiles(below: folder.url).isEmpty)
    }

    @Test func concurrentPublishersKeepEachOthersEntries() throws {
        let temporary = try TemporaryPortal()
        let portal = temporary.portal
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            // Each publisher opens the folder itself, as separate processes do.
            let folder = try! portal.folder(for: tenant("acme"))
            _ = try! folder.publish(incidentDocument("INC-\(i)", input: "\(i)"), bytes: Array("report \(i)".utf8))
        }
        let manifest = try temporary.manifest("acme")
        #expect(manifest.documents.count == 16)
        for entry in manifest.documents {
            let bytes = try Array(Data(contentsOf: portal.root.appendingPathComponent("acme/\(entry.path)")))
            #expect(ContentDigest.sha256Hex(bytes) == entry.sha256)
        }
    }
}
