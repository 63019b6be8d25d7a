import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SOCModel
import SOCPages
import SOCStore

/// The staff's addresses, which tools, tests and bookmarks rely on.
public enum StaffPaths {
    public static let home = "/staff"
    public static func newDraft(tenantID: String) -> String { "/staff/drafts/new?tenant=\(tenantID)" }
    public static func draft(_ id: Int64) -> String { "/staff/drafts/\(id)" }
    public static func incident(tenantID: String, id: String) -> String { "/staff/incidents/\(tenantID)/\(id)" }
}

/// Publishes an incident the way the API does (render pool, portal, manifest, notification mails), and
/// renders one as it would be published; the server provides it.
public protocol IncidentPublishing: Sendable {
    /// Answers the report's path in the tenant's folder.
    func publish(_ incident: Incident) async throws -> String
    func preview(_ incident: Incident) async throws -> DraftPreview
}

/// The analyst's workbench: the staff home, drafts written, submitted, returned and approved in the
/// browser, and each published incident's audit log. Every page answers customers 404 and sends
/// signed-out users to sign in; every post carries the session's CSRF token.
///
///     GET  /staff                               drafts in progress (mine first), waiting for review, published in 24 h
///     GET  /staff/drafts/new[?tenant=ID]        pick a tenant, then the new-incident form
///     POST /staff/drafts                        the new-incident form: creates the draft
///     GET  /staff/drafts/{draft}                a draft's form
///     POST /staff/drafts/{draft}                action=save|preview|submit|approve|return|publish-now|review|insert-recommendation
///     GET  /staff/drafts/{draft}/preview.pdf    the draft's preview, /preview/{page} a page's PNG
///     GET  /staff/incidents/{tenant}/{id}       a published incident's audit log and "create the next report"
///     GET  /staff/library                       the recommendation library and its log
///     POST /staff/library                       a lead's action=add|edit|remove (their texts)|hide|show (shipped texts)
///     POST /staff/incidents/{tenant}/{id}/next  a draft of the next revision, from the latest one
struct StaffRoutes<Context: PortalRequestContext>: Sendable {
    let responder: PortalPagesResponder
    let store: Store
    let publisher: (any IncidentPublishing)?
    /// Largest form accepted (log records pasted run to a few MiB).
    let formLimit: Int
    let previews = DraftPreviews()

    func register(on group: RouterGroup<Context>) {
        group.get("staff") { request, context in try await home(request, try requireStaff(context)) }
        group.get("staff/drafts/new") { request, context in try await newDraft(request, try requireStaff(context)) }
        group.post("staff/drafts") { request, context in try await create(request, context, try requireStaff(context)) }
        group.get("staff/drafts/:draft") { request, context in
            let session = try requireStaff(context)
            let draft = try await findDraft(context)
            let tenant = try await findTenant(draft.tenantID)
            let form = DraftForm(document: Self.object(draft.document), zone: tenant.resolvedTimeZone)
            return try await draftPage(request, session, tenant: tenant, draft: draft, form: form)
        }
        group.post("staff/drafts/:draft") { request, context in
            try await act(request, context, try requireStaff(context))
        }
        group.get("staff/drafts/:draft/preview.pdf") { _, context in
            _ = try requireStaff(context)
            return Self.file(try await currentPreview(context).pdf, type: "application/pdf")
        }
        group.get("staff/drafts/:draft/preview/:page") { _, context in
            _ = try requireStaff(context)
            let pages = try await currentPreview(context).pages
            guard let page = context.parameters.get("page", as: Int.self), pages.indices.contains(page - 1) else {
                throw HTTPError(.notFound)
            }
            return Self.file(pages[page - 1], type: "image/png")
        }
        group.get("staff/library") { request, context in try await libraryPage(request, try requireStaff(context)) }
        group.post("staff/library") { request, context in try await changeLibrary(request, try requireStaff(context)) }
        group.get("staff/incidents/:tenant/:id") { request, context in
            try await incidentPage(request, context, try requireStaff(context))
        }
        group.post("staff/incidents/:tenant/:id/next") { request, context in
            try await nextReport(request, context, try requireStaff(context))
        }
    }

    // MARK: - Helpers

    /// The posted form, checked against the session's CSRF token; too large a form is refused with a page saying so.
    func formValues(_ request: Request, _ session: PortalSession) async throws -> [String: String] {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: formLimit)
        } catch is NIOTooManyBytesError {
            let t = responder.pages.wording(await responder.language(request, session: session))
            throw HTTPError(.contentTooLarge, message: t.format("web.formTooLarge", ["mib": formLimit / (1024 * 1024)]))
        }
        let values = FormBody.values(Array(buffer: body), contentType: request.headers[.contentType])
        guard SecretToken.matches(values["csrf"], session.csrfToken) else { throw HTTPError(.forbidden) }
        return values
    }

    func findDraft(_ context: Context) async throws -> Draft {
        guard let id = context.parameters.get("draft", as: Int64.self), let draft = try await store.draft(id: id) else {
            throw HTTPError(.notFound)
        }
        return draft
    }

    func findTenant(_ id: String) async throws -> Tenant {
        guard let tenant = try await store.tenant(id) else { throw HTTPError(.notFound) }
        return tenant
    }

    static func object(_ document: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(document.utf8))) as? [String: Any] ?? [:]
    }
}

/// Staff pages are staff's: signed out, sign in (401); a customer, as if the page did not exist (404).
func requireStaff(_ context: some PortalRequestContext) throws -> PortalSession {
    let session = try requireSession(context)
    guard session.user.isStaff else { throw HTTPError(.notFound) }
    return session
}
