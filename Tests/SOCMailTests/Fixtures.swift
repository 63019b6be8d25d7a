import Foundation
import SOCMail
import SOCModel
import SOCPortal
import SOCPublishing
import SOCStore

/// A store and portal in a fresh folder, removed when the value goes away, and incidents to publish into them.
final class Workspace {
    let root: URL
    let store: Store
    let portal: Portal

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("socreport-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        store = try Store(location: root.appendingPathComponent("store.sqlite").path)
        portal = try Portal(root: root.appendingPathComponent("portal"))
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    static let sender = MailAddress(name: "SOC 報告センター", address: "soc@provider.example")!

    func publisher(publicURL: String? = "https://portal.provider.example/reports", linkOnly: Bool = false) throws
        -> IncidentPublisher
    {
        try IncidentPublisher(
            store: store, portal: portal, command: "test",
            notifications: NotificationSettings(sender: Self.sender, publicURL: publicURL, linkOnly: linkOnly))
    }

    /// A deliverer to the relay on `port`; in clear text (`tls`) unless a test is about TLS.
    func delivery(
        port: Int, scheme: String = "smtp", credentials: String = "", tls: String = "?tls=none", caFile: String? = nil,
        policy: RetryPolicy = RetryPolicy(firstDelay: 0), health: RelayHealth = RelayHealth()
    ) throws -> MailDelivery {
        let settings = try SMTPSettings(url: "\(scheme)://\(credentials)localhost:\(port)\(tls)", caFile: caFile)
        return MailDelivery(
            store: store, client: try SMTPClient(settings: settings), policy: policy,
            onNotified: ManifestNotification(store: store, indexPage: nil).record, health: health)
    }

    static var contacts: [[String: Any]] {
        [
            ["name": "情報システム部 セキュリティ担当 山田太郎", "email": "yamada@acme.example", "phone": "03-1234-5678"],
            ["name": "Dana \"D\" O'Neil", "email": "dana@acme.example"],
            ["name": "夜間窓口", "phone": "090-0000-0000"],
        ]
    }

    /// A Japanese tenant's incident whose title carries a URL and a listed domain.
    static func incident(
        id: String = "INC-1", revision: Int = 1, severity: String = "critical", tlp: String = "amber",
        language: String = "ja", contacts: [[String: Any]] = contacts, revisionNote: String? = nil
    ) throws -> Incident {
        let at = "2026-03-10T01:00:00Z"
        let tenant: [String: Any] = [
            "id": "acme", "name": "株式会社アクメ", "language": language, "timeZone": "Asia/Tokyo", "contacts": contacts,
        ]
        var object: [String: Any] = [
            "kind": "incident", "schemaVersion": 1, "id": id, "revision": revision, "tenant": tenant,
            "title": "https://evil.example/login への誘導と bad.example.net への通信", "tlp": tlp,
            "severity": severity, "threatType": "phishing", "detectedAt": at, "determinedAt": at,
            "analysis": ["summary": "概要。", "victims": [["host": "PC-1"]], "occurredAt": at],
            "recommendations": ["actions": ["PC-1 を隔離してください。"], "blockDomains": ["bad.example.net"]],
            "attack": ["overview": "概要。", "stage": "delivery", "description": "説明。"],
        ]
        object["revisionNote"] = revisionNote
        return try DocumentReader.readIncident(try JSONSerialization.data(withJSONObject: object), source: "test")
    }
}
