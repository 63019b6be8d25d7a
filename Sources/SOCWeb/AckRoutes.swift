import Foundation
import HTTPTypes
import Hummingbird
import SOCModel
import SOCPages
import SOCPortal
import SOCStore
import SOCTemplates

/// Acknowledging an incident revision: by a notification mail's personal link, or by a signed-in customer's
/// button on the report's page.
///
/// Mail scanners fetch every link of a mail, so `GET /ack/{token}` changes nothing: it answers a page whose
/// form carries the token back by one click. No script posts it: scanners that open links in a real
/// browser run scripts, and would acknowledge a critical incident nobody read, so it never escalates. `POST /ack/{token}` records the acknowledgement for the link's recipient, once, and
/// goes on to the report's page (through sign-in, as a mail's portal link does). A used, expired or unknown
/// token gets a page saying so, and nothing changes.
struct AckRoutes<Context: PortalRequestContext>: Sendable {
    let responder: PortalPagesResponder
    let store: Store

    struct ButtonForm: Decodable { var csrf: String?; var revision: Int? }

    func register(on group: RouterGroup<Context>) {
        group.get("ack/:token") { request, context in
            let token = context.parameters.get("token") ?? ""
            guard let link = try await store.ackLink(tokenHash: SecretToken.hash(token)) else {
                return try await page(request, .unknown)
            }
            if let refusal = link.refusal(at: Date()) { return try await page(request, refusal) }
            let t = responder.pages.wording(try await language(request, link))
            let form: [String: Any] = [
                "id": link.incidentID, "revision": t.revision(link.revision), "action": PortalPaths.ack(token: token),
            ]
            return responder.html(
                responder.pages.page(
                    "ack", language: t.language, title: t["web.ackTitle"],
                    view: ["form": form]))
        }
        group.post("ack/:token") { request, context in
            let token = context.parameters.get("token") ?? ""
            let outcome = try await store.acknowledge(tokenHash: SecretToken.hash(token))
            guard case .recorded(let link) = outcome else { return try await page(request, outcome) }
            return responder.redirect(PortalPaths.report(tenantID: link.tenantID, kind: .incident, id: link.incidentID))
        }
        // Under the report page's own pattern (`:kind`): a literal "incident" beside it would hide that page.
        group.post("t/:tenant/reports/:kind/:id/ack") { request, context in
            let session = try requireSession(context)
            let form = try await URLEncodedFormDecoder().decode(ButtonForm.self, from: request, context: context)
            guard SecretToken.matches(form.csrf, session.csrfToken) else { throw HTTPError(.forbidden) }
            // Customers acknowledge for themselves; staff see the acknowledgements only.
            guard let tenantID = session.user.tenantID, tenantID == context.parameters.get("tenant"),
                context.parameters.get("kind") == "incident",
                let id = context.parameters.get("id"),
                let revision = form.revision,
                try await store.incidentPublication(tenantID: tenantID, incidentID: id, revision: revision) != nil
            else { throw HTTPError(.notFound) }
            try await store.acknowledge(tenantID: tenantID, incidentID: id, revision: revision, who: session.user.email)
            return responder.redirect(PortalPaths.report(tenantID: tenantID, kind: .incident, id: id))
        }
    }

    /// The page for a link that acknowledges nothing: 200 for a used one (its recipient may click again),
    /// 410 for an expired one, 404 for one never issued.
    private func page(_ request: Request, _ outcome: AckOutcome) async throws -> Response {
        let (link, key, status): (AckLink?, String, HTTPResponse.Status) =
            switch outcome {
            case .used(let link): (link, "web.ackUsed", .ok)
            case .expired(let link): (link, "web.ackExpired", .gone)
            case .unknown, .recorded: (nil, "web.ackUnknown", .notFound)
            }
        let t = responder.pages.wording(try await language(request, link))
        var problem: [String: Any] = ["problem": t[key]]
        if let link {
            problem["report"] = PortalPaths.report(tenantID: link.tenantID, kind: .incident, id: link.incidentID)
        }
        return responder.html(
            responder.pages.page("ack", language: t.language, title: t["web.ackTitle"], view: ["problem": problem]),
            status: status)
    }

    /// The tenant's language for its link; the browser's for a token the store does not know.
    private func language(_ request: Request, _ link: AckLink?) async throws -> Language {
        if let link, let tenant = try await store.tenant(link.tenantID) { return tenant.language }
        return await responder.language(request, session: nil)
    }
}

/// Acknowledgements for `{{#acks}}{{#list}}`: who, when (in the tenant's zone), by link or button; nil for none.
func acknowledgementList(_ acknowledgements: [Acknowledgement], clock: ReportRows, wording t: Wording) -> [String: Any]?
{
    guard !acknowledgements.isEmpty else { return nil }
    return [
        "list": acknowledgements.map { ack in
            [
                "who": ack.who, "at": Timestamp(rfc3339: ack.acknowledgedAt).map(clock.localTime) ?? ack.acknowledgedAt,
                "via": t[ack.via == .link ? "web.viaLink" : "web.viaButton"],
            ]
        }
    ]
}
