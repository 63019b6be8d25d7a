import Foundation
import Hummingbird
import SOCModel
import SOCStore
import SOCWeb

/// Drafts made through the API, for an analyst to finish in the workbench.
extension APIRoutes {
    /// `POST /drafts`: a partial incident document — what a SIEM or SOAR already knows (tenant, title,
    /// logs, indicators) — kept as a draft. 201 with its id and staff URL; 422 for an unknown tenant;
    /// 400 with a line per problem when a field sent is malformed (missing ones are for the analyst).
    func createDraft(_ request: Request, _ context: ServerContext) async throws -> Response {
        try context.require(.draft)
        let data = try await JSONBody.read(request, limit: maxBodyBytes)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw APIProblem(
                .badRequest, "the draft is not a JSON object; nothing was stored",
                problems: DraftDocument.malformed(data).map(\.description))
        }
        guard let tenantID = (object["tenant"] as? [String: Any])?["id"] as? String else {
            throw APIProblem(
                .badRequest, "the draft names no tenant; nothing was stored",
                problems: ["$.tenant.id: required: the id of the tenant the incident is for"])
        }
        guard let tenant = try await store.tenant(tenantID) else {
            throw APIProblem(
                .unprocessableContent, "unknown tenant; nothing was stored",
                problems: ["$.tenant.id: unknown tenant \"\(tenantID)\""])
        }
        let document = try DraftDocument.completed(object, tenant: tenant)
        let problems = DraftDocument.malformed(document)
        guard problems.isEmpty else {
            throw APIProblem(
                .badRequest, "the draft is invalid; nothing was stored", problems: problems.map(\.description))
        }
        let draft = try await store.createDraft(
            tenantID: tenant.id, document: String(decoding: document, as: UTF8.self), author: nil,
            actor: "api:\(context.apiKey?.name ?? "")")
        let url = StaffPaths.draft(draft.id)
        context.logger.info("draft created", metadata: ["tenant": "\(tenant.id)", "draft": "\(draft.id)"])
        return try JSONBody.response(DraftBody(id: draft.id, url: url), status: .created, headers: [.location: url])
    }

    struct DraftBody: Encodable {
        var id: Int64
        var url: String
    }
}
