import SOCLayout
import Testing

@testable import SOCRender

/// The rewriting of Cairo's content streams, on streams written by hand: which lines become artifacts.
@Suite struct ContentMarkingTests {
    private func marked(_ lines: [String], trailingNewline: Bool = true, _ artifacts: [StructureTag.Artifact?])
        -> [String]
    {
        let content = Array((lines.joined(separator: "\n") + (trailingNewline ? "\n" : "")).utf8)
        return String(decoding: ContentMarking.mark(content, artifacts: artifacts), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func sequencesKeepTheirMCIDOrBecomeTheirArtifact() {
        let content = [
            "1 0 0 -1 0 841.89 cm", "q",
            "/P << /MCID 0 >> BDC", "BT", "(a)Tj", "ET", "EMC",
            "/TD << /MCID 1 >> BDC", "BT", "(page 1)Tj", "ET", "EMC", "Q",
        ]
        #expect(
            marked(content, [nil, .footer]) == [
                "1 0 0 -1 0 841.89 cm", "q",
                "/P << /MCID 0 >> BDC", "BT", "(a)Tj", "ET", "EMC",
                "/Artifact << /Type /Pagination /Subtype /Footer >> BDC", "BT", "(page 1)Tj", "ET", "EMC", "Q", "",
            ])
    }

    @Test func drawingBetweenSequencesIsALayoutArtifactFromItsFirstDrawingToItsLastPainting() {
        let content = [
            "/P << /MCID 0 >> BDC", "EMC",
            "0.5 w", "0 J", "40 10 m 80 10 l S", "0.9 g 40 12 5 5 re f", "40 20 m", "q",
            "/P << /MCID 1 >> BDC", "EMC", "Q",
        ]
        #expect(
            marked(content, trailingNewline: false, []) == [
                "/P << /MCID 0 >> BDC", "EMC",
                "0.5 w", "0 J", "/Artifact << /Type /Layout >> BDC", "40 10 m 80 10 l S", "0.9 g 40 12 5 5 re f", "EMC",
                "40 20 m", "q",
                "/P << /MCID 1 >> BDC", "EMC", "Q", "",
            ])
    }

    @Test func aGapThatPaintsNothingStaysUnmarked() {
        let content = ["q", "0.5 w", "40 20 m 50 20 l", "Q", "", "/P << /MCID 0 >> BDC", "EMC", "  ", "EMC"]
        #expect(marked(content, []) == content + [""])
    }
}
