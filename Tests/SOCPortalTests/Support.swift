import Foundation
import SOCModel
import SOCPages
import SOCPortal
import SOCTemplates

/// A temporary portal folder removed when the value goes away.
final class TemporaryPortal {
    let url: URL
    let portal: Portal

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("socportal-\(UUID().uuidString)")
        portal = try Portal(root: url, indexPage: IndexPage(pages: PortalPages(home: ResourceHome.locate())))
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func manifest(_ tenant: String) throws -> Manifest {
        try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: portal.root.appendingPathComponent("\(tenant)/index.json")))
    }
}

func tenant(_ id: String, language: Language = .ja) -> Tenant {
    Tenant(id: id, name: "Tenant \(id)", language: language)
}

func incidentDocument(_ id: String, revision: Int = 1, input: String = "input", title: String = "Title")
    -> PortalDocument
{
    .incident(
        id: id, revision: revision, title: title, severity: .serious, month: YearMonth("2026-03")!,
        inputSha256: ContentDigest.sha256Hex(Array(input.utf8)), renderer: "test-renderer")
}

func permissions(_ url: URL) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1
}

/// Files whose name marks them as an `AtomicFile` temporary, anywhere below `url`.
func temporaryFiles(below url: URL) -> [String] {
    (FileManager.default.enumerator(atPath: url.path)?.compactMap { $0 as? String } ?? [])
        .filter { ($0 as NSString).lastPathComponent.contains(AtomicFile.temporaryMarker) }
}
