import Foundation
import SOCModel
import Testing

@testable import SOCPortal

@Suite struct IsolationTests {
    @Test(arguments: [
        "..", ".", "../other", "a/b", "", ".hidden", "x\u{0}y", String(repeating: "a", count: 65), "tenant name",
        "テナント",
    ])
    func unsafeTenantIdsAreRefused(_ id: String) throws {
        let temporary = try TemporaryPortal()
        #expect(throws: PortalError.self) { try temporary.portal.folder(for: tenant(id)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.portal.root.path).isEmpty)
    }

    @Test(arguments: [
        "../other/x.pdf", "incidents/../../other/x.pdf", "/etc/passwd", "incidents//x.pdf", ".index.json", "a/./b.pdf",
    ])
    func pathsLeavingTheTenantFolderAreRefused(_ path: String) throws {
        let temporary = try TemporaryPortal()
        let folder = try temporary.portal.folder(for: tenant("acme"))
        #expect(throws: PortalError.self) { try folder.fileURL(path) }
    }

    @Test func documentIdsCannotLeaveTheFolder() throws {
        let temporary = try TemporaryPortal()
        let folder = try temporary.portal.folder(for: tenant("acme"))
        #expect(throws: PortalError.self) { try folder.publish(incidentDocument("../../other/INC"), bytes: [1]) }
    }

    @Test func aTenantFolderThatIsALinkIsRefused() throws {
        let temporary = try TemporaryPortal()
        let elsewhere = temporary.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: temporary.portal.root.appendingPathComponent("acme"), withDestinationURL: elsewhere)
        #expect(throws: PortalError.symbolicLink(temporary.portal.root.appendingPathComponent("acme").path)) {
            try temporary.portal.folder(for: tenant("acme"))
        }
    }

    @Test func aLinkInsideTheTenantFolderIsRefused() throws {
        let temporary = try TemporaryPortal()
        let other = try temporary.portal.folder(for: tenant("other"))
        let acme = try temporary.portal.folder(for: tenant("acme"))
        try FileManager.default.createSymbolicLink(
            at: acme.url.appendingPathComponent("incidents"), withDestinationURL: other.url)
        #expect(throws: PortalError.self) { try acme.publish(incidentDocument("INC-1"), bytes: [1]) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: other.url.path).isEmpty)
    }

    @Test func anotherTenantsManifestIsNeverAdopted() throws {
        let temporary = try TemporaryPortal()
        let other = try temporary.portal.folder(for: tenant("other"))
        _ = try other.publish(incidentDocument("INC-1"), bytes: [1])
        let acme = try temporary.portal.folder(for: tenant("acme"))
        try FileManager.default.copyItem(
            at: other.url.appendingPathComponent("index.json"), to: acme.url.appendingPathComponent("index.json"))
        #expect(throws: PortalError.self) { try acme.publish(incidentDocument("INC-2"), bytes: [2]) }
    }
}
