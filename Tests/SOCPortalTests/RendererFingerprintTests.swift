import Foundation
import SOCPortal
import Testing

@Suite struct RendererFingerprintTests {
    /// The digest covers the version, the templates' names and content and the fonts' names and sizes,
    /// in name order; the value is pinned so that a change of hashing code cannot silently make every
    /// published monthly report look stale.
    @Test func digestOfVersionTemplatesAndFontSizes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fingerprint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let templates = root.appendingPathComponent("templates"), fonts = root.appendingPathComponent("fonts")
        for folder in [templates, fonts] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try Data("[]".utf8).write(to: templates.appendingPathComponent("b.json"))
        try Data(#"{"x":1}"#.utf8).write(to: templates.appendingPathComponent("a.json"))
        try Data([1, 2, 3, 4, 5]).write(to: fonts.appendingPathComponent("F.ttf"))

        let fingerprint = RendererFingerprint.make(
            version: "engine-7", contentFolders: [templates], listedFolders: [fonts])
        #expect(fingerprint == "engine-7+6606e81d957e05cd")

        try Data([1, 2, 3, 4, 6]).write(to: fonts.appendingPathComponent("F.ttf"))
        #expect(
            RendererFingerprint.make(version: "engine-7", contentFolders: [templates], listedFolders: [fonts])
                == fingerprint)
        try Data("[ ]".utf8).write(to: templates.appendingPathComponent("b.json"))
        #expect(
            RendererFingerprint.make(version: "engine-7", contentFolders: [templates], listedFolders: [fonts])
                != fingerprint)
    }
}
