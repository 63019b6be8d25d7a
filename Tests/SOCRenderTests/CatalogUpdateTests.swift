import Foundation
import SOCEngine
import Testing

@testable import SOCRender

/// The catalog entries appended to Cairo's PDF, read back with qpdf and poppler.
@Suite struct CatalogUpdateTests {
    @Test func englishUntaggedReportsSayEnglishAndClaimNoTags() throws {
        let engine = try makeEngine()
        engine.tagged = false
        let report = try engine.renderIncident(try incident(from: try sampleObject()), language: .en)
        let pdf = try temporaryPDF(report.pdf)
        defer { try? FileManager.default.removeItem(atPath: pdf) }
        try run(["qpdf", "--check", pdf])
        let catalog = try catalog(pdf)
        #expect(catalog.contains("/Lang (en)"), "\(catalog)")
        #expect(!catalog.contains("/MarkInfo"), "\(catalog)")
        #expect(try run(["pdfinfo", pdf]).contains("Tagged:          no"))
    }

    @Test func aFileItDoesNotRecogniseIsRefused() throws {
        let report = try makeEngine().renderIncident(try incident(from: try sampleObject())).pdf
        // Already updated: its last cross-reference section is the update's, not Cairo's table.
        #expect(throws: CairoPDF.Unrecognised.self) {
            try CatalogUpdate.applying([("/Unrecognised", "true")], to: report)
        }
        let notPDF = Array("%PDF-1.5\nnot a cairo file\n%%EOF\n".utf8)
        #expect(throws: CairoPDF.Unrecognised.self) { try CatalogUpdate.applying([("/Lang", "(en)")], to: notPDF) }
        // A trailer whose catalog number is outside its table is not followed.
        let broken = Array(
            "%PDF-1.5\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 7 0 R >>\nstartxref\n9\n%%EOF\n"
                .utf8)
        #expect(throws: CairoPDF.Unrecognised.self) { try CatalogUpdate.applying([("/Lang", "(en)")], to: broken) }
    }
}
