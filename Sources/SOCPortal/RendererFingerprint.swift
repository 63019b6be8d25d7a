import Crypto
import Foundation

/// Names what renders a document: the engine's version and the resources that shape its output. A
/// monthly report whose bundle is unchanged is drawn again only when this changes.
public enum RendererFingerprint {
    /// "<version>+<first 16 hex digits of a digest>" over the version, the content of every file in
    /// `contentFolders` (templates: small, and any edit shows) and the name and size of every file in
    /// `listedFolders` (fonts: too large to read on every run).
    public static func make(version: String, contentFolders: [URL], listedFolders: [URL]) -> String {
        var hasher = SHA256()
        hasher.update(version)
        for (folder, readContent) in contentFolders.map({ ($0, true) }) + listedFolders.map({ ($0, false) }) {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            for name in names {
                let path = folder.appendingPathComponent(name).path
                guard FileSystem.kind(path) == .regularFile else { continue }
                hasher.update("\u{0}\(folder.lastPathComponent)/\(name)\u{0}")
                if readContent, let bytes = try? FileSystem.readFile(path) {
                    hasher.update(data: bytes)
                } else {
                    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
                    hasher.update(String(size))
                }
            }
        }
        return version + "+" + ContentDigest.hex(hasher.finalize()).prefix(16)
    }
}

extension SHA256 {
    fileprivate mutating func update(_ text: String) {
        update(data: Array(text.utf8))
    }
}
