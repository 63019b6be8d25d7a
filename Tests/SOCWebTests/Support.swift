import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SOCModel
import SOCPages
import SOCPortal
import SOCStore
import SOCTemplates
import SOCWeb
import Testing

/// A real store and portal folder in a temporary folder: two tenants (acme in Japanese, globex in English
/// in New York), their incidents ingested and published, a customer of each and a staff user.
final class PortalSite: @unchecked Sendable {
    static let password = "correct horse battery"
    static let hostileTitle = "C2 <script>alert(1)</script> 通信"

    let folder: URL
    let store: Store
    let portal: Portal
    let pages: PortalPages
    /// Published bytes by portal path "tenant/relative path".
    private(set) var files: [String: [UInt8]] = [:]

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("socweb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try Store(location: folder.appendingPathComponent("store.sqlite").path)
        pages = try PortalPages(home: ResourceHome.locate())
        portal = try Portal(root: folder.appendingPathComponent("portal"), indexPage: IndexPage(pages: pages))

        let acme = Self.tenant("acme", "ja", "Asia/Tokyo"), globex = Self.tenant("globex", "en", "America/New_York")
        try await ingest([["kind": "tenants", "schemaVersion": 1, "tenants": [acme, globex]]])
        try await ingest([
            Self.incident(acme, "INC-A1", 1, "critical", Self.hostileTitle, "2026-03-12T01:42:00Z", note: nil),
            Self.incident(acme, "INC-A1", 2, "critical", Self.hostileTitle, "2026-03-12T01:42:00Z", note: "追加の端末を確認"),
            Self.incident(acme, "INC-A2", 1, "medium", "公開サーバーへの脆弱性攻撃", "2026-02-08T05:50:00Z", note: nil),
            Self.incident(globex, "INC-G1", 1, "serious", "Phishing site access", "2026-03-03T15:00:00Z", note: nil),
        ])
        for (tenantID, id, revision, severity, title, month) in [
            ("acme", "INC-A1", 1, Severity.critical, Self.hostileTitle, "2026-03"),
            ("acme", "INC-A1", 2, .critical, Self.hostileTitle, "2026-03"),
            ("acme", "INC-A2", 1, .medium, "公開サーバーへの脆弱性攻撃", "2026-02"),
            ("globex", "INC-G1", 1, .serious, "Phishing site access", "2026-03"),
        ] {
            try await publish(
                tenantID,
                .incident(
                    id: id, revision: revision, title: title, severity: severity, month: YearMonth(month)!,
                    inputSha256: String(repeating: "\(revision)", count: 64), renderer: "test"))
        }
        // INC-A1's second revision with its indicator files, as publishing writes them beside the PDF.
        let reportA1 = PortalDocument.incident(
            id: "INC-A1", revision: 2, title: Self.hostileTitle, severity: .critical, month: YearMonth("2026-03")!,
            inputSha256: String(repeating: "2", count: 64), renderer: "test")
        for (format, suffix, content) in Self.indicatorFiles {
            try await publish(
                "acme", reportA1.indicatorFile(format: format, suffix: suffix, version: "test"),
                bytes: Array(content.utf8))
        }
        try await publish(
            "acme",
            .monthly(
                month: YearMonth("2026-03")!, title: "月次セキュリティレポート 2026年3月",
                inputSha256: String(repeating: "m", count: 64), renderer: "test"))

        let accounts = Accounts(store: store, cost: 4)
        try await accounts.add(email: "user@acme.example", name: "Acme user", tenantID: "acme", password: Self.password)
        try await accounts.add(
            email: "user@globex.example", name: "Globex user", tenantID: "globex", password: Self.password)
        try await accounts.add(email: "staff@soc.example", name: "Staff", tenantID: nil, password: Self.password)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var settings: PortalSettings {
        PortalSettings(store: store, portal: portal, pages: pages, secureCookies: false, passwordCost: 4)
    }

    func application(_ settings: PortalSettings? = nil) -> some ApplicationProtocol {
        let router = Router(context: PortalContext.self)
        PortalRoutes<PortalContext>(settings: settings ?? self.settings).register(on: router)
        return Application(router: router)
    }

    /// The acme folder's path of INC-A1's second revision, and its bytes.
    var acmeFile: (path: String, bytes: [UInt8]) {
        ("incidents/2026/03/INC-A1-r2.pdf", files["acme/incidents/2026/03/INC-A1-r2.pdf"]!)
    }

    private func ingest(_ values: [[String: Any]]) async throws {
        let documents = try DocumentReader.readMany(try JSONSerialization.data(withJSONObject: values), source: "test")
        _ = try await store.ingest(documents.map { ($0.position, $0.document) })
    }

    /// INC-A1 r2's indicator files: format, suffix, content.
    static let indicatorFiles = [
        ("stix", ".stix.json", #"{"type":"bundle","id":"bundle--6b5b3f9c-3f1e-5d4a-9a57-3c1d2e6f7a80","objects":[]}"#),
        ("csv", ".iocs.csv", "type,value,context\r\ndomain,c2.example,INC-A1\r\n"),
        ("txt", ".domains.txt", "c2.example\n"),
    ]

    private func publish(_ tenantID: String, _ document: PortalDocument, bytes given: [UInt8]? = nil) async throws {
        let tenant = try await store.tenant(tenantID)!
        let bytes =
            given ?? Array("%PDF-1.7\n% \(tenantID) \(document.path)\n".utf8)
            + Array(repeating: UInt8(ascii: "x"), count: 1000)
        if document.kind == .ioc {
            _ = try portal.folder(for: tenant).publish([(document, bytes)])
        } else {
            _ = try portal.folder(for: tenant).publish(document, bytes: bytes)
        }
        files["\(tenantID)/\(document.path)"] = bytes
    }

    private static func tenant(_ id: String, _ language: String, _ zone: String) -> [String: Any] {
        [
            "id": id, "name": "Tenant \(id)", "language": language, "timeZone": zone,
            "contacts": [["name": "SOC desk", "email": "soc@\(id).example"]],
        ]
    }

    private static func incident(
        _ tenant: [String: Any], _ id: String, _ revision: Int, _ severity: String, _ title: String,
        _ determinedAt: String, note: String?
    ) -> [String: Any] {
        var document: [String: Any] = [
            "kind": "incident", "schemaVersion": 1, "id": id, "revision": revision, "tenant": tenant, "title": title,
            "severity": severity, "threatType": "c2-communication", "detectedAt": determinedAt,
            "determinedAt": determinedAt, "tlp": "amber",
            "analysis": ["summary": "Summary.", "victims": [["host": "PC-1"]], "occurredAt": determinedAt],
            "recommendations": ["actions": ["Isolate PC-1."]],
            "attack": ["overview": "Overview.", "stage": "delivery", "description": "Description."],
        ]
        if let note { document["revisionNote"] = note }
        return document
    }
}

/// The portal's routes on a router of their own, as the server mounts them on its.
struct PortalContext: PortalRequestContext {
    var coreContext: CoreRequestContextStorage
    var portalSession: PortalSession?
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// A response as the tests read it, from the in-process router or a live connection alike.
struct Reply: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer
    var text: String { String(buffer: body) }
}

/// A browser's side of the conversation: cookies kept between requests, forms with their CSRF token.
struct Browser {
    typealias Send =
        @Sendable (_ uri: String, _ method: HTTPRequest.Method, _ headers: HTTPFields, _ body: ByteBuffer?) async throws
        -> Reply
    let send: Send
    var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) {
        send = { uri, method, headers, body in
            let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
            return Reply(status: response.status, headers: response.headers, body: response.body)
        }
    }

    /// A browser on a connection of its own to a live server (the test client's one connection answers in turn).
    init(connection: TestClient) {
        send = { uri, method, headers, body in
            let response = try await connection.execute(
                .init(uri, method: method, authority: "localhost", headers: headers, body: body))
            return Reply(status: response.status, headers: response.headers, body: response.body ?? ByteBuffer())
        }
    }

    var cookieHeader: HTTPFields {
        cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }

    @discardableResult
    mutating func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Reply {
        var all = cookieHeader
        all.append(contentsOf: headers)
        let response = try await send(uri, .get, all, nil)
        keep(response)
        return response
    }

    @discardableResult
    mutating func post(_ uri: String, form: [String: String], headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = cookieHeader
        headers.append(contentsOf: extra)
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = form.map {
            "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&")
        let response = try await send(uri, .post, headers, ByteBuffer(string: body))
        keep(response)
        return response
    }

    /// The sign-in form's token (and its cookie), then the form posted.
    @discardableResult
    mutating func signIn(_ email: String, password: String = PortalSite.password, headers: HTTPFields = [:])
        async throws -> Reply
    {
        let page = try await get("/login")
        return try await post(
            "/login", form: ["csrf": Self.csrf(in: page), "email": email, "password": password], headers: headers)
    }

    static func csrf(in response: Reply) -> String {
        let body = String(buffer: response.body)
        guard let range = body.range(of: #"name="csrf" value="([0-9a-f]+)""#, options: .regularExpression) else {
            return ""
        }
        return String(body[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
    }

    private mutating func keep(_ response: Reply) {
        for field in response.headers[values: .setCookie] {
            let pair = field.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || field.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
