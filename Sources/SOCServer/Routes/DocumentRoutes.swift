import Foundation
import Hummingbird
import SOCModel
import SOCPortal
import SOCPublishing
import SOCStore

/// Storing documents and publishing incidents.
extension APIRoutes {
    /// The name problem lines are given for a request's body (the CLI names the file).
    static let source = "request"

    /// `POST /documents`: any contract documents, stored all or none.
    func ingest(_ request: Request, _ context: ServerContext) async throws -> Response {
        try context.require(.ingest)
        let data = try await JSONBody.read(request, limit: maxBodyBytes)
        do {
            let changes = try await DocumentIngest.ingest(data, source: Self.source, into: store)
            return try JSONBody.response(IngestBody(changes))
        } catch let error as InvalidDocument {
            throw APIProblem(invalid: error, detail: "the documents are invalid; nothing was stored")
        } catch let error as IngestRejected {
            throw APIProblem(
                .unprocessableContent, "the store cannot take these documents; nothing was stored",
                problems: error.problems.map(\.description))
        }
    }

    struct IngestBody: Encodable {
        struct Change: Encodable {
            var position: String
            var record: String
            var outcome: String
        }
        var added = 0, updated = 0, unchanged = 0
        var changes: [Change]

        init(_ changes: [IngestChange]) {
            self.changes = changes.map {
                Change(position: $0.position, record: $0.record, outcome: $0.outcome.rawValue)
            }
            for change in changes {
                switch change.outcome {
                case .added: added += 1
                case .updated: updated += 1
                case .unchanged: unchanged += 1
                }
            }
        }
    }

    /// `POST /incidents`: one incident validated, stored, rendered and published. 201 with the portal
    /// entry; 200 with the same entry when this revision was already published from the same document.
    func publishIncident(_ request: Request, _ context: ServerContext) async throws -> Response {
        try context.require(.publish)
        let data = try await JSONBody.read(request, limit: maxBodyBytes)
        let incident: Incident
        do {
            incident = try DocumentReader.readIncident(data, source: Self.source)
        } catch {
            throw APIProblem(invalid: error, detail: "the incident is invalid; nothing was stored")
        }
        try await checkTenantKnown(incident, request, context)
        let published: PublishedIncident
        do {
            published = try await publisher.publishRecorded(incident)
        } catch let error as PortalError {
            if case .conflict = error {
                throw APIProblem(
                    .conflict, "this revision was published from a different document; publish a new revision",
                    problems: ["$.revision: \(error)"])
            }
            throw error
        } catch let error as IngestRejected {
            throw APIProblem(
                .unprocessableContent, "the store cannot take this incident",
                problems: error.problems.map(\.description))
        } catch let error as PublishingError {
            // Mail is configured and the tenant's contacts cannot be mailed: refused before anything is stored.
            throw APIProblem(
                .unprocessableContent, "the incident cannot be notified", problems: ["$.tenant.contacts: \(error)"])
        } catch let error as RenderPool.Full {
            throw APIProblem(.serviceUnavailable, "\(error)", headers: [.retryAfter: String(error.retryAfter)])
        } catch is RenderPool.Stopped {
            throw APIProblem(.serviceUnavailable, "the server is shutting down; try again")
        }
        context.logger.info(
            published.isNew ? "published" : "already published",
            metadata: ["tenant": "\(published.tenant)", "path": "\(published.entry.path)"])
        var body = EntryBody(tenant: published.tenant, published.entry)
        body.telephone = published.contactsToCall.map { CallBody(name: $0.name, phone: $0.phone ?? "") }
        return try JSONBody.response(body, status: published.isNew ? .created : .ok, headers: [.location: body.url])
    }

    /// A tenant id the store has never seen is most likely a typo, which would make a new portal folder
    /// and mail the contacts in the document: refused unless the key has the `tenants` scope or the
    /// request says `?createTenant=true`.
    private func checkTenantKnown(_ incident: Incident, _ request: Request, _ context: ServerContext) async throws {
        guard context.apiKey?.scopes.contains(.tenants) != true, request.uri.queryParameters["createTenant"] != "true",
            try await store.tenant(incident.tenant.id) == nil
        else { return }
        throw APIProblem(
            .unprocessableContent, "unknown tenant; nothing was stored",
            problems: [
                "$.tenant.id: unknown tenant \"\(incident.tenant.id)\": ingest its tenants document first, or publish with ?createTenant=true or a key with the tenants scope"
            ])
    }

    /// What a render worker hands back.
    struct PublishedIncident: Sendable {
        var tenant: String
        var entry: ManifestEntry
        var isNew: Bool
        var renderSeconds: Double?
        /// Critical and serious incidents: the contacts to telephone beside the mail.
        var contactsToCall: [Contact]
    }
}

/// A portal entry as the API shows it.
struct EntryBody: Encodable {
    var tenant: String
    var kind: String
    var id: String
    var revision: Int?
    var title: String
    var severity: String?
    var month: String
    /// Inside the tenant's folder, as `GET /tenants/{tenant}/entries/{path}` takes it.
    var path: String
    var url: String
    var sha256: String
    var bytes: Int
    var published: String
    /// Indicator files: their format and the path of the report they belong to.
    var format: String?
    var report: String?
    /// When the relay accepted the revision's first notification mail; absent until then.
    var notifiedAt: String?
    /// Publishing answers only: whom to telephone (critical and serious incidents).
    var telephone: [CallBody]?

    init(tenant: String, _ entry: ManifestEntry) {
        self.tenant = tenant
        kind = entry.kind.rawValue
        id = entry.id
        revision = entry.revision
        title = entry.title
        severity = entry.severity?.rawValue
        month = entry.month.description
        path = entry.path
        url = "\(APIRoutes.prefix)/tenants/\(tenant)/entries/\(entry.path)"
        sha256 = entry.sha256
        bytes = entry.size
        published = entry.publishedAt
        format = entry.format
        report = entry.report
        notifiedAt = entry.notifiedAt
    }
}

/// A contact to telephone.
struct CallBody: Encodable {
    var name: String
    var phone: String
}
