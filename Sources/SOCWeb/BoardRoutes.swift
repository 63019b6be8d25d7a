import Foundation
import HTTPTypes
import Hummingbird
import SOCModel
import SOCPages
import SOCPortal
import SOCStore
import SOCTemplates

/// `GET /staff/board`, the staff's operations board: every incident revision published in the last 7 days or
/// not yet acknowledged, newest first, with whether its first mail kept the 15-minute promise, each
/// recipient's mail as the queue has it, its acknowledgements, and once it escalated, "call now" with the
/// contacts' telephone numbers, a form recording a call (`POST /staff/board/calls`) and the calls made.
/// Customers get 404, as for any page that is not theirs. `board.js` refreshes the table in place
/// (`?refresh=SECONDS`, 20 by default).
struct BoardRoutes<Context: PortalRequestContext>: Sendable {
    let responder: PortalPagesResponder
    let store: Store

    struct CallForm: Decodable {
        var csrf: String?
        var tenant: String?
        var incident: String?
        var revision: String?
        var to: String?
        var outcome: String?
        var note: String?
    }

    static var window: TimeInterval { 7 * 24 * 3600 }

    func register(on group: RouterGroup<Context>) {
        group.get("staff/board") { request, context in
            let session = try requireSession(context)
            guard session.user.isStaff else { throw HTTPError(.notFound) }
            let refresh = request.uri.queryParameters["refresh"].flatMap { Int($0) }.map { min(max($0, 2), 600) } ?? 20
            let now = Date()
            let revisions = try await store.board(since: now.addingTimeInterval(-Self.window))
            var tenants: [String: Tenant] = [:]
            for id in Set(revisions.map(\.tenantID)) { tenants[id] = try await store.tenant(id) }
            let t = responder.pages.wording(await responder.language(request, session: session))
            let rows = revisions.compactMap { revision in
                tenants[revision.tenantID].map {
                    row(revision, tenant: $0, wording: t, now: now, csrf: session.csrfToken)
                }
            }
            let view: [String: Any] = [
                "rows": rows, "hasRows": !rows.isEmpty, "refresh": refresh, "script": "board.js",
                "updated": Timestamp(now, in: TimeZone(identifier: "UTC")!).text,
            ]
            return responder.html(
                responder.pages.page(
                    "board", language: t.language, title: t["web.board"],
                    viewer: responder.viewer(session), view: view))
        }
        group.post("staff/board/calls") { request, context in
            let session = try requireSession(context)
            guard session.user.isStaff else { throw HTTPError(.notFound) }
            let form = try await URLEncodedFormDecoder().decode(CallForm.self, from: request, context: context)
            guard SecretToken.matches(form.csrf, session.csrfToken) else { throw HTTPError(.forbidden) }
            func text(_ value: String?) -> String? {
                value.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            var problems: [String] = []
            let tenant = text(form.tenant), incident = text(form.incident),
                revision = text(form.revision).flatMap { Int($0) }
            let to = text(form.to), outcome = form.outcome.flatMap(CallOutcome.init(rawValue:)), note = text(form.note)
            if tenant == nil { problems.append("tenant: required") }
            if incident == nil { problems.append("incident: required") }
            if revision == nil { problems.append("revision: not a number") }
            if to == nil { problems.append("to: whom you called is required") }
            if outcome == nil { problems.append("outcome: reached or no-answer") }
            if (note?.count ?? 0) > 2000 { problems.append("note: 2000 characters at most") }
            guard problems.isEmpty, let tenant, let incident, let revision, let to, let outcome else {
                throw HTTPError(
                    .badRequest, message: problems.map { "\(request.uri.path): \($0)" }.joined(separator: "\n"))
            }
            let call = PhoneCall(
                tenantID: tenant, incidentID: incident, revision: revision, caller: session.user.email, callee: to,
                outcome: outcome, note: note, calledAt: Timestamp(Date(), in: TimeZone(identifier: "UTC")!).text)
            guard try await store.recordCall(call) else { throw HTTPError(.notFound) }
            return responder.redirect(PortalPaths.board + "#" + Self.anchor(tenant, incident, revision))
        }
    }

    static func anchor(_ tenantID: String, _ incidentID: String, _ revision: Int) -> String {
        "\(tenantID)-\(incidentID)-r\(revision)"
    }

    private func row(_ revision: BoardRevision, tenant: Tenant, wording t: Wording, now: Date, csrf: String) -> [String:
        Any]
    {
        let clock = ReportRows(pages: responder.pages, tenant: tenant)
        func local(_ text: String?) -> String? { text.flatMap { Timestamp(rfc3339: $0) }.map(clock.localTime) }
        let severity = Severity(rawValue: revision.severity)
        var row: [String: Any] = [
            "anchor": Self.anchor(revision.tenantID, revision.incidentID, revision.revision),
            "tenant": tenant.name, "zone": tenant.timeZone, "id": revision.incidentID,
            "revision": t.revision(revision.revision),
            "title": revision.title, "severityKey": revision.severity,
            "severity": severity.map(t.severity) ?? revision.severity,
            "href": PortalPaths.report(tenantID: revision.tenantID, kind: .incident, id: revision.incidentID),
            "published": local(revision.publishedAt) ?? revision.publishedAt,
            "determined": local(revision.determinedAt) ?? revision.determinedAt,
            "mails": revision.mails.map { mail(in: $0, clock: clock, wording: t) },
        ]
        // The promise (NotificationTarget): the relay accepting the first mail within 15 minutes of determination.
        let firstSent = revision.mails.filter { $0.kind == .notification }.compactMap {
            $0.sentAt.flatMap { Timestamp(rfc3339: $0) }
        }
        .min { $0.date < $1.date }
        let determined =
            Timestamp(rfc3339: revision.determinedAt)
            ?? Timestamp(Date(timeIntervalSince1970: revision.determinedEpoch), in: tenant.resolvedTimeZone)
        let promise: (key: String, label: String)
        if let delay = NotificationTarget.delay(determinedAt: determined, notifiedAt: firstSent) {
            promise = delay.met ? ("kept", "web.promiseKept") : ("late", "web.promiseLate")
            row["delay"] = t.duration(seconds: max(0, delay.seconds))
        } else {
            promise =
                NotificationTarget.delay(
                    determinedAt: determined, notifiedAt: Timestamp(now, in: tenant.resolvedTimeZone))?.met == true
                ? ("pending", "web.promisePending") : ("missed", "web.promiseMissed")
        }
        row["promiseKey"] = promise.key
        row["promise"] = t[promise.label]
        row["acks"] = acknowledgementList(revision.acknowledgements, clock: clock, wording: t)
        if let escalation = revision.escalation {
            var view: [String: Any] = ["at": local(escalation.escalatedAt) ?? escalation.escalatedAt]
            if let state = escalation.webhookState {
                view["webhook"] = webhook(state, escalation, clock: clock, wording: t)
            }
            row["escalation"] = view
            // Escalated and still unacknowledged: the promised call is due.
            if revision.acknowledgements.isEmpty {
                row["callNow"] = [
                    "contacts": tenant.contacts.filter { $0.phone != nil }.map { contact -> [String: Any] in
                        ["name": contact.name, "phone": contact.phone ?? "", "escalation": contact.role == .escalation]
                    },
                    "csrf": csrf, "tenant": revision.tenantID, "incident": revision.incidentID,
                    "revision": revision.revision,
                ]
            }
        }
        if !revision.calls.isEmpty {
            row["calls"] = [
                "list": revision.calls.map { call -> [String: Any] in
                    var view: [String: Any] = [
                        "caller": call.caller, "callee": call.callee, "at": local(call.calledAt) ?? call.calledAt,
                        "key": call.outcome == .reached ? "kept" : "missed",
                        "outcome": t[call.outcome == .reached ? "web.reached" : "web.noAnswer"],
                    ]
                    if let note = call.note { view["note"] = note }
                    return view
                }
            ]
        }
        return row
    }

    /// The webhook's delivery, worded as a mail's is.
    private func webhook(_ state: WebhookState, _ escalation: EscalationRecord, clock: ReportRows, wording t: Wording)
        -> [String: Any]
    {
        var view: [String: Any] = [:]
        if let answer = escalation.webhookAnswer { view["answer"] = answer }
        switch state {
        case .sent: view["key"] = "sent"; view["state"] = t["web.mailSent"]
        case .failed: view["key"] = "failed"; view["state"] = t["web.mailFailed"]
        case .sending: view["key"] = "sending"; view["state"] = t["web.mailSending"]
        case .pending where escalation.webhookAttempts > 0:
            view["key"] = "retrying"; view["state"] = t["web.mailRetrying"]
            if let next = escalation.webhookNextAt {
                view["when"] = clock.localTime(Timestamp(next, in: TimeZone(identifier: "UTC")!))
            }
        case .pending: view["key"] = "queued"; view["state"] = t["web.mailQueued"]
        }
        return view
    }

    /// A recipient's mail (marked when it is an escalation's): queued, sending, sent (when, and the relay's answer), failed (its answer), or
    /// waiting to be retried (when, and the answer that deferred it).
    private func mail(in mail: QueuedMail, clock: ReportRows, wording t: Wording) -> [String: Any] {
        // Always set: a mail without it would read the row's escalation in Mustache.
        var view: [String: Any] = ["recipient": mail.recipient, "escalation": mail.kind == .escalation]
        if let answer = mail.lastAnswer { view["answer"] = answer }
        switch mail.state {
        case .sent:
            view["key"] = "sent"; view["state"] = t["web.mailSent"]
            if let sent = mail.sentAt.flatMap({ Timestamp(rfc3339: $0) }) { view["when"] = clock.localTime(sent) }
        case .failed:
            view["key"] = "failed"; view["state"] = t["web.mailFailed"]
        case .sending:
            view["key"] = "sending"; view["state"] = t["web.mailSending"]
        case .queued where mail.attempts > 0:
            view["key"] = "retrying"; view["state"] = t["web.mailRetrying"]
            view["when"] = clock.localTime(Timestamp(mail.nextAttemptAt, in: TimeZone(identifier: "UTC")!))
        case .queued:
            view["key"] = "queued"; view["state"] = t["web.mailQueued"]
        }
        return view
    }
}
