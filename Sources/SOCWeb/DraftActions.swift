import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SOCModel
import SOCStore

/// What the workbench's forms do: create and save a draft, preview, submit, return, approve, publish
/// now, review, insert a library text, and start the next report.
extension StaffRoutes {

    func create(_ request: Request, _ context: Context, _ session: PortalSession) async throws -> Response {
        let values = Self.insertingRecommendation(try await formValues(request, session))
        let tenant = try await findTenant(values["tenant"] ?? "")
        let form = try await confirmingLogColumns(DraftForm(values: values, zone: tenant.resolvedTimeZone), tenant)
        let (object, lines) = form.document()
        let document = try DraftDocument.completed(object, tenant: tenant)
        let draft = try await store.createDraft(
            tenantID: tenant.id, document: String(decoding: document, as: UTF8.self),
            author: session.user, actor: session.user.email)
        if let page = try await askForLogColumns(request, session, tenant, draft, form) { return page }
        guard values["action"] == "submit" else { return responder.redirect(StaffPaths.draft(draft.id)) }
        return try await submit(request, session, tenant, draft, form, document, lines)
    }

    /// The actions that save the form first while the draft is being written; on a stale save the form as sent is shown again.
    static var savingActions: Set<String> { ["save", "preview", "submit", "publish-now", "insert-recommendation"] }

    func act(_ request: Request, _ context: Context, _ session: PortalSession) async throws -> Response {
        let values = Self.insertingRecommendation(try await formValues(request, session))
        let draft = try await findDraft(context)
        let tenant = try await findTenant(draft.tenantID)
        let user = session.user
        let version = Int(values["version"] ?? "") ?? -1
        let form = try await confirmingLogColumns(DraftForm(values: values, zone: tenant.resolvedTimeZone), tenant)
        let action = values["action"] ?? ""
        do {
            if draft.isEditable, Self.savingActions.contains(action) {
                let (object, lines) = form.document()
                let document = try DraftDocument.completed(object, tenant: tenant)
                let saved = try await store.saveDraft(
                    id: draft.id, document: String(decoding: document, as: UTF8.self), baseVersion: version, by: user)
                if let page = try await askForLogColumns(request, session, tenant, saved, form) { return page }
                switch action {
                case "submit": return try await submit(request, session, tenant, saved, form, document, lines)
                case "publish-now":
                    return try await publish(
                        request, session, tenant, saved, form: form, lines: lines, action: .publishNow)
                case "preview": return try await preview(request, session, tenant, saved, form: form, lines: lines)
                case "insert-recommendation":
                    return responder.redirect(StaffPaths.draft(draft.id) + "#" + Self.domID("recommendations.actions"))
                default: return responder.redirect(StaffPaths.draft(draft.id))
                }
            }
            switch action {
            case "preview":
                return try await preview(request, session, tenant, draft, form: nil, lines: [:])
            case "approve":
                return try await publish(
                    request, session, tenant, draft, form: nil, lines: [:], action: .approve, version: version)
            case "publish-now":
                return try await publish(
                    request, session, tenant, draft, form: nil, lines: [:], action: .publishNow, version: version)
            case "return":
                let comment = (values["comment"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !comment.isEmpty else {
                    throw HTTPError(.badRequest, message: responder.pages.wording(tenant.language)["web.commentNeeded"])
                }
                _ = try await store.returnDraft(id: draft.id, version: version, by: user, comment: comment)
                return responder.redirect(StaffPaths.home)
            case "review":
                let comment = (values["comment"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                _ = try await store.reviewPublished(
                    id: draft.id, version: version, by: user, comment: comment.isEmpty ? nil : comment)
                return responder.redirect(StaffPaths.home)
            default:
                throw DraftError.state(draft.state)
            }
        } catch DraftError.stale(let saved) {
            // Both texts stay: the form as sent, and what was saved meanwhile beside it. A lead's stale
            // approval sent no form: the saved draft is shown.
            let t = responder.pages.wording(await responder.language(request, session: session))
            let shown =
                Self.savingActions.contains(action)
                ? form : DraftForm(document: Self.object(saved.document), zone: form.zone)
            return try await draftPage(
                request, session, tenant: tenant, draft: saved, form: shown,
                notice: Notice(message: t["web.staleSave"], conflict: saved), status: .conflict)
        } catch let error as DraftError {
            throw HTTPError(Self.status(error), message: error.description)
        }
    }

    /// The form with the tenant's confirmed log columns, those confirmed in this post remembered first.
    func confirmingLogColumns(_ form: DraftForm, _ tenant: Tenant) async throws -> DraftForm {
        var form = form
        let posted = form.postedLogColumns
        try await store.saveLogColumns(tenantID: tenant.id, posted)
        form.logColumns = try await store.logColumns(tenantID: tenant.id).merging(posted) { $1 }
        return form
    }

    /// The saved draft's form again, asking which field each new column of the pasted log records fills,
    /// while any is unconfirmed; nil when every column is known.
    func askForLogColumns(
        _ request: Request, _ session: PortalSession, _ tenant: Tenant, _ draft: Draft, _ form: DraftForm
    ) async throws -> Response? {
        guard !form.unconfirmedLogColumns.isEmpty else { return nil }
        let t = responder.pages.wording(await responder.language(request, session: session))
        return try await draftPage(
            request, session, tenant: tenant, draft: draft, form: form,
            notice: Notice(message: t["web.confirmColumns"]),
            status: .unprocessableContent)
    }

    static func status(_ error: DraftError) -> HTTPResponse.Status {
        switch error {
        case .unknown: .notFound
        case .stale, .state: .conflict
        case .notAllowed: .forbidden
        }
    }

    /// Submits a saved draft when its document is valid; otherwise shows it with each problem beside its control.
    func submit(
        _ request: Request, _ session: PortalSession, _ tenant: Tenant, _ draft: Draft, _ form: DraftForm,
        _ document: Data,
        _ lines: [String: [Int]]
    ) async throws -> Response {
        let problems = DraftDocument.problems(document)
        guard problems.isEmpty else {
            let t = responder.pages.wording(await responder.language(request, session: session))
            return try await draftPage(
                request, session, tenant: tenant, draft: draft, form: form,
                notice: Notice(problems: problems, lines: lines, message: t["web.notSubmitted"]),
                status: .unprocessableContent)
        }
        _ = try await store.submitDraft(id: draft.id, version: draft.version, by: session.user)
        return responder.redirect(StaffPaths.home)
    }

    /// Publishes the draft through the server's publishing path once the store allows `action`, then records it.
    func publish(
        _ request: Request, _ session: PortalSession, _ tenant: Tenant, _ draft: Draft, form: DraftForm?,
        lines: [String: [Int]],
        action: DraftEvent.Action, version: Int? = nil
    ) async throws -> Response {
        let version = version ?? draft.version
        try await store.checkPublish(id: draft.id, version: version, action: action, by: session.user)
        let data = Data(draft.document.utf8)
        let problems = DraftDocument.problems(data)
        let t = responder.pages.wording(await responder.language(request, session: session))
        guard problems.isEmpty, let incident = try? DocumentReader.readIncident(data, source: "draft \(draft.id)")
        else {
            let form = form ?? DraftForm(document: Self.object(draft.document), zone: tenant.resolvedTimeZone)
            return try await draftPage(
                request, session, tenant: tenant, draft: draft, form: form,
                notice: Notice(problems: problems, lines: lines, message: t["web.notSubmitted"]),
                status: .unprocessableContent)
        }
        guard let publisher else { throw HTTPError(.serviceUnavailable, message: t["web.noPublisher"]) }
        let claimed = try await store.claimPublishing(id: draft.id, version: version, action: action, by: session.user)
        do {
            _ = try await publisher.publish(incident)
        } catch {
            try await store.releasePublishing(claimed, to: draft.state)
            throw HTTPError(.unprocessableContent, message: "\(t["web.publishFailed"]) \(error)")
        }
        _ = try await store.finishPublishing(claimed)
        return responder.redirect(StaffPaths.incident(tenantID: tenant.id, id: incident.id))
    }

    /// The form with the library text chosen (`recommendation`) added as a line of the recommended actions,
    /// when the analyst asked for it (`action=insert-recommendation`); then it is saved as any other edit.
    static func insertingRecommendation(_ values: [String: String]) -> [String: String] {
        guard values["action"] == "insert-recommendation",
            let text = values["recommendation"]?.trimmingCharacters(in: .whitespacesAndNewlines),
            !text.isEmpty
        else { return values }
        var values = values
        let actions = (values["recommendations.actions"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        values["recommendations.actions"] = actions.isEmpty ? text : actions + "\n" + text
        return values
    }

    /// Renders the saved draft on the server's warm engines, as it will be published, and shows it.
    func preview(
        _ request: Request, _ session: PortalSession, _ tenant: Tenant, _ draft: Draft, form: DraftForm?,
        lines: [String: [Int]]
    ) async throws -> Response {
        let t = responder.pages.wording(await responder.language(request, session: session))
        let data = Data(draft.document.utf8)
        guard let incident = try? DocumentReader.readIncident(data, source: "draft \(draft.id)") else {
            let form = form ?? DraftForm(document: Self.object(draft.document), zone: tenant.resolvedTimeZone)
            return try await draftPage(
                request, session, tenant: tenant, draft: draft, form: form,
                notice: Notice(problems: DraftDocument.problems(data), lines: lines, message: t["web.notPreviewed"]),
                status: .unprocessableContent)
        }
        guard let publisher else { throw HTTPError(.serviceUnavailable, message: t["web.noPublisher"]) }
        await previews.put(try await publisher.preview(incident), draftID: draft.id, version: draft.version)
        return responder.redirect(StaffPaths.draft(draft.id) + "#preview")
    }

    /// The preview of the draft's current version; 404 once it has been saved again.
    func currentPreview(_ context: Context) async throws -> DraftPreview {
        let draft = try await findDraft(context)
        guard let preview = await previews.preview(draftID: draft.id, version: draft.version) else {
            throw HTTPError(.notFound)
        }
        return preview
    }

    static func file(_ bytes: [UInt8], type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-store", .contentDisposition: "inline"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func nextReport(_ request: Request, _ context: Context, _ session: PortalSession) async throws -> Response {
        _ = try await formValues(request, session)
        guard let tenantID = context.parameters.get("tenant"), let id = context.parameters.get("id") else {
            throw HTTPError(.notFound)
        }
        let tenant = try await findTenant(tenantID)
        guard let latest = try await store.incidentFacts(tenantID: tenant.id, ids: [id]).map(\.revision).max(),
            let incident = try await store.incident(tenantID: tenant.id, id: id, revision: latest)
        else { throw HTTPError(.notFound) }
        var object = Self.object(String(decoding: try JSONEncoder().encode(incident), as: UTF8.self))
        object["revision"] = latest + 1
        object["revisionNote"] = nil
        object["notifiedAt"] = nil
        let document = try DraftDocument.completed(object, tenant: tenant)
        let draft = try await store.createDraft(
            tenantID: tenant.id, document: String(decoding: document, as: UTF8.self),
            author: session.user, actor: session.user.email)
        return responder.redirect(StaffPaths.draft(draft.id))
    }
}
