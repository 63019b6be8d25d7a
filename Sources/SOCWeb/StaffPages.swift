import Foundation
import HTTPTypes
import Hummingbird
import SOCModel
import SOCPages
import SOCStore
import SOCTemplates

/// The workbench's pages: the staff home, a draft's form with its problems, preview and changes, and a
/// published incident's revisions and audit log.
extension StaffRoutes {

    func home(_ request: Request, _ session: PortalSession) async throws -> Response {
        let t = responder.pages.wording(await responder.language(request, session: session))
        let now = Date()
        let drafts = try await store.workbenchDrafts(
            publishedSince: Timestamp(now.addingTimeInterval(-86400), in: TimeZone(identifier: "UTC")!).text)
        let tenantNames = try await store.tenantNames()
        let names = Dictionary(tenantNames.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let mine = session.user.id
        let inProgress = drafts.filter(\.isEditable).sorted {
            ($0.authorID == mine ? 0 : 1) < ($1.authorID == mine ? 0 : 1)
        }
        func rows(_ drafts: [Draft]) -> [[String: Any]] { drafts.map { row($0, names: names, t: t, now: now) } }
        let groups = [
            ("web.inProgress", inProgress),
            ("web.waitingReview", drafts.filter { $0.state == .submitted || $0.state == .publishing }),
            ("web.publishedToday", drafts.filter { $0.state == .published }),
        ]
        let view: [String: Any] = [
            "script": "clock.js",
            "groups": groups.map {
                ["heading": t[$0.0], "rows": rows($0.1), "hasRows": !$0.1.isEmpty] as [String: Any]
            },
            "tenants": tenantNames.map { ["name": $0.name, "href": StaffPaths.newDraft(tenantID: $0.id)] },
        ]
        return responder.html(
            responder.pages.page(
                "staff", language: t.language, title: t["web.workbench"], viewer: responder.viewer(session), view: view)
        )
    }

    func row(_ draft: Draft, names: [String: String], t: Wording, now: Date) -> [String: Any] {
        let published = draft.state == .published ? draft.incidentID : nil
        var row: [String: Any] = [
            "href": published.map { StaffPaths.incident(tenantID: draft.tenantID, id: $0) }
                ?? StaffPaths.draft(draft.id),
            "draftHref": StaffPaths.draft(draft.id),
            "title": draft.title.isEmpty ? t["web.untitled"] : draft.title,
            "tenant": names[draft.tenantID] ?? draft.tenantID,
            "author": draft.authorEmail ?? t["web.fromAPI"], "state": t["web.state." + draft.state.rawValue],
            "reviewPending": draft.reviewPending,
            "id": draft.incidentID ?? "#\(draft.id)",
        ]
        if let severity = draft.severity.flatMap(Severity.init) {
            row["severity"] = ["key": severity.rawValue, "name": t.severity(severity)]
        }
        if let clock = Self.clock(draft, now: now, t: t) { row["clock"] = clock }
        if let comment = draft.returnComment, draft.state == .returned { row["comment"] = comment }
        return row
    }

    /// The 15-minute clock from the determined time: until now, or until publishing; amber after 10
    /// minutes, red after 15.
    static func clock(_ draft: Draft, now: Date, t: Wording) -> [String: Any]? {
        guard let determined = draft.determinedAt.flatMap(Timestamp.init(rfc3339:)) else { return nil }
        let end = draft.publishedAt.flatMap(Timestamp.init(rfc3339:))?.date ?? now
        let seconds = max(0, Int(end.timeIntervalSince(determined.date)))
        return [
            "text": t.duration(seconds: seconds), "state": seconds >= 900 ? "red" : seconds >= 600 ? "amber" : "ok",
            "since": determined.text, "running": draft.publishedAt == nil,
            // The wording clock.js ticks it on in.
            "formats": [
                "minutes": t.format("duration.minutes", ["m": "{m}"]),
                "minutesSeconds": t.format("duration.minutes", ["m": "{m}", "s": "{s}"]),
                "hours": t.format("duration.hours", ["h": "{h}", "m": "{m}"]),
            ],
        ]
    }

    func newDraft(_ request: Request, _ session: PortalSession) async throws -> Response {
        let t = responder.pages.wording(await responder.language(request, session: session))
        guard let tenantID = request.uri.queryParameters["tenant"].map(String.init) else {
            let tenants: [[String: Any]] = try await store.tenantNames().map {
                ["id": $0.id, "name": $0.name, "href": StaffPaths.newDraft(tenantID: $0.id)]
            }
            return responder.html(
                responder.pages.page(
                    "tenants", language: t.language, title: t["web.newIncident"], viewer: responder.viewer(session),
                    view: ["tenants": tenants]))
        }
        let tenant = try await findTenant(tenantID)
        let zone = tenant.resolvedTimeZone
        let now = Timestamp(Date(), in: zone)
        var form = DraftForm(values: [:], zone: zone)
        form.values = ["id": try await proposedID(tenant, now), "revision": "1", "tlp": Incident.defaultTLP.rawValue]
        for name in ["detectedAt", "determinedAt", "analysis.occurredAt"] {
            form.values[name] = form.localTime(now.text)
        }
        form.values["analysts"] = session.user.name
        return try await draftPage(request, session, tenant: tenant, draft: nil, form: form)
    }

    /// "ACME-202603-004": the tenant, the month in its zone, and one more than the highest number used.
    func proposedID(_ tenant: Tenant, _ now: Timestamp) async throws -> String {
        let prefix = "\(tenant.id.uppercased())-\(now.text.prefix(7).replacingOccurrences(of: "-", with: ""))-"
        let used = try await store.incidentIDs(tenantID: tenant.id, prefix: prefix).compactMap {
            Int($0.dropFirst(prefix.count))
        }
        let next = (used.max() ?? 0) + 1
        return prefix + (next < 10 ? "00" : next < 100 ? "0" : "") + String(next)
    }

    struct Notice {
        var problems: [Problem] = []
        var lines: [String: [Int]] = [:]
        var message: String?
        var conflict: Draft?
    }

    func draftPage(
        _ request: Request, _ session: PortalSession, tenant: Tenant, draft: Draft?, form: DraftForm,
        notice: Notice = Notice(), status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let t = responder.pages.wording(await responder.language(request, session: session))
        let placed = DraftForm.place(notice.problems, lines: notice.lines)
        let editable = draft?.isEditable ?? true
        let user = session.user
        let libraryGroups = editable ? try await library(form, tenant: tenant, t) : []
        var view: [String: Any] = [
            "script": "clock.js",
            "action": draft.map { StaffPaths.draft($0.id) } ?? "/staff/drafts", "tenantID": tenant.id,
            "tenantName": tenant.name,
            "version": (notice.conflict ?? draft).map { String($0.version) } ?? "0", "readonly": !editable,
            "zoneNote": t.format("web.staffZone", ["zone": tenant.timeZone]),
            "sections": DraftForm.sections.map { section in
                [
                    "label": t[section.label],
                    "fields": section.fields.map { field -> [String: Any] in
                        var view = fieldView(field, form, placed, t, readonly: !editable)
                        if field.name == "recommendations.actions", editable {
                            view["library"] = libraryGroups
                            view["hasLibrary"] = true
                        }
                        return view
                    },
                ]
            },
            "general": (placed[""] ?? []).map { problemText($0, t) }, "hasGeneral": placed[""] != nil,
            "canSave": editable,
        ]
        if let message = notice.message { view["message"] = message }
        if let conflict = notice.conflict {
            view["conflict"] = [
                "version": conflict.version, "author": conflict.authorEmail ?? "", "text": conflict.document,
            ]
        }
        if let draft {
            let isAuthor = draft.authorID == user.id
            let reviewer = user.isLead && !isAuthor
            view["state"] = t["web.state." + draft.state.rawValue]
            view["author"] = draft.authorEmail ?? t["web.fromAPI"]
            // A draft left being published (a crash mid-publish) is approved again: publishing sends nothing twice.
            view["canApprove"] = reviewer && (draft.state == .submitted || draft.state == .publishing)
            view["canReturn"] = reviewer && draft.state == .submitted
            view["canReview"] = reviewer && draft.reviewPending
            view["canPublishNow"] =
                (isAuthor || draft.authorID == nil) && draft.state != .published && draft.mayBePublishedNow
            if let comment = draft.returnComment { view["returnComment"] = comment }
            if let clock = Self.clock(draft, now: Date(), t: t) { view["clock"] = clock }
            if draft.state == .published, let id = draft.incidentID {
                view["incidentHref"] = StaffPaths.incident(tenantID: draft.tenantID, id: id)
            }
            if let preview = await previews.preview(draftID: draft.id, version: draft.version) {
                view["preview"] = [
                    "pdf": StaffPaths.draft(draft.id) + "/preview.pdf",
                    "pages": preview.pages.indices.map {
                        ["src": StaffPaths.draft(draft.id) + "/preview/\($0 + 1)", "n": $0 + 1]
                    },
                ]
            }
            view["canPreview"] = publisher != nil
            if let changes = try await changesAgainstPublished(draft) {
                let limit = 200
                view["changes"] = changes.prefix(limit).map { change -> [String: Any] in
                    let field = DraftForm.field(at: change.path)
                    return [
                        "path": change.path, "label": field.map { t["web.field." + $0.name] } ?? change.path,
                        "before": change.before ?? "—", "after": change.after ?? "—",
                    ]
                }
                view["hasChanges"] = !changes.isEmpty
                if changes.count > limit {
                    view["moreChanges"] = t.format("web.moreChanges", ["n": changes.count - limit])
                }
            }
        }
        let title = draft.map { $0.title.isEmpty ? t["web.untitled"] : $0.title } ?? t["web.newIncident"]
        return responder.html(
            responder.pages.page(
                "draft", language: t.language, title: title, tenantName: tenant.name,
                viewer: responder.viewer(session), view: view), status: status)
    }

    /// The recommendation library in the report's language, the draft's threat type first.
    func library(_ form: DraftForm, tenant: Tenant, _ t: Wording) async throws -> [[String: Any]] {
        let language = Language(rawValue: form.values["language"] ?? "") ?? tenant.language
        let chosen = ThreatType(rawValue: form.values["threatType"] ?? "")
        let types = (chosen.map { [$0] } ?? []) + ThreatType.allCases.filter { $0 != chosen }
        let texts = try await libraryTexts()
        return types.map { type in ["label": t.threatType(type), "texts": texts(language, type)] }
    }

    /// A follow-up report's changes against the latest revision published before it; nil for a first report.
    func changesAgainstPublished(_ draft: Draft) async throws -> [DraftChanges.Change]? {
        guard let id = draft.incidentID, let revision = draft.revision, revision > 1,
            let previous = try await store.incidentFacts(tenantID: draft.tenantID, ids: [id]).map(\.revision).filter({
                $0 < revision
            }).max(),
            let published = try await store.incident(tenantID: draft.tenantID, id: id, revision: previous)
        else { return nil }
        return DraftChanges.between(
            published: Self.object(String(decoding: try JSONEncoder().encode(published), as: UTF8.self)),
            draft: Self.object(draft.document))
    }

    func fieldView(
        _ field: DraftForm.Field, _ form: DraftForm, _ placed: [String: [(line: Int?, problem: Problem)]], _ t: Wording,
        readonly: Bool
    ) -> [String: Any] {
        func control(_ name: String, label: String) -> [String: Any] {
            let problems = (placed[name] ?? []).map { problemText($0, t) }
            return [
                "name": name, "label": label, "value": form.values[name] ?? "", "domID": Self.domID(name),
                "problems": problems,
                "invalid": !problems.isEmpty, "readonly": readonly,
            ]
        }
        var view = control(field.name, label: t["web.field." + field.name])
        switch field.kind {
        case .text: view["text"] = true
        case .integer: view["integer"] = true
        case .datetime: view["datetime"] = true
        case .textarea: view["textarea"] = true; view["rows"] = 4
        case .lines, .indicators, .signatures, .techniques, .timeline, .logs:
            view["textarea"] = true
            view["rows"] = field.kind == .logs ? 8 : 4
            view["file"] = field.kind == .logs
            if field.kind == .logs {
                // Which field each column of a CSV or TSV export fills, for columns not named as the contract's.
                let columns = form.logHeaders.filter { !DraftForm.logFields.contains($0) }.map {
                    header -> [String: Any] in
                    let chosen = form.logColumns[header] ?? DraftForm.guessedLogField(header)
                    let name = DraftForm.logColumnPrefix + header
                    return [
                        "header": header, "name": name, "domID": Self.domID(name),
                        "options": [["value": "", "label": t["web.columnUnused"], "selected": chosen.isEmpty]]
                            + DraftForm.logFields.map { ["value": $0, "label": $0, "selected": chosen == $0] },
                    ]
                }
                view["columns"] = columns
                view["hasColumns"] = !columns.isEmpty
            }
            view["hint"] = t["web.hint." + field.name]
        case .select(let choices):
            view["select"] = true
            view["options"] =
                [["value": "", "label": "—", "selected": (form.values[field.name] ?? "").isEmpty]]
                + choices.map {
                    [
                        "value": $0, "label": Self.choiceLabel(field.name, $0, t),
                        "selected": form.values[field.name] == $0,
                    ]
                }
        case .finding:
            view["finding"] = true
            let found = form.values[field.name + ".found"] ?? ""
            var parts = [
                control(field.name + ".found", label: t["web.field.found"]),
                control(field.name + ".description", label: t["web.field.description"]),
                control(field.name + ".evidence", label: t["web.field.evidence"]),
            ]
            parts[0]["choice"] = true
            parts[0]["options"] = [("", "—"), ("true", t["web.yes"]), ("false", t["web.no"])].map {
                ["value": $0.0, "label": $0.1, "selected": found == $0.0]
            }
            view["parts"] = parts
        case .victims:
            view["victims"] = true
            view["columns"] = DraftForm.victimColumns.map { t["web.field.victim." + $0] }
            // The rows held, and one empty row to add another (saving adds the next).
            view["rows"] = (0..<(form.victimRows + 1)).map { row in
                [
                    "cells": DraftForm.victimColumns.map { column in
                        control(
                            "\(field.name)[\(row)].\(column)", label: "\(t["web.field.victim." + column]) \(row + 1)")
                    }
                ]
            }
        }
        return view
    }

    func problemText(_ placed: (line: Int?, problem: Problem), _ t: Wording) -> String {
        let message = ProblemWording.text(placed.problem, t)
        return placed.line.map { t.format("web.problemLine", ["line": $0]) + ": " + message } ?? message
    }

    static func choiceLabel(_ field: String, _ value: String, _ t: Wording) -> String {
        switch field {
        case "severity": Severity(rawValue: value).map(t.severity) ?? value
        case "threatType": ThreatType(rawValue: value).map(t.threatType) ?? value
        case "attack.stage": KillChainStage(rawValue: value).map(t.stage) ?? value
        case "tlp": "TLP:" + value.uppercased()
        case "language": t["web.language." + value]
        default: value
        }
    }

    /// An element id for a control's name: "analysis.victims[0].host" → "f-analysis-victims-0-host".
    static func domID(_ name: String) -> String {
        "f-"
            + name.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined().replacingOccurrences(
                of: "--", with: "-"
            )
            .trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    func incidentPage(_ request: Request, _ context: Context, _ session: PortalSession) async throws -> Response {
        guard let tenantID = context.parameters.get("tenant"), let id = context.parameters.get("id") else {
            throw HTTPError(.notFound)
        }
        let tenant = try await findTenant(tenantID)
        let revisions = try await store.incidentFacts(tenantID: tenant.id, ids: [id]).sorted {
            $0.revision > $1.revision
        }
        let drafts = try await store.incidentDrafts(tenantID: tenant.id, incidentID: id)
        guard !revisions.isEmpty || !drafts.isEmpty else { throw HTTPError(.notFound) }
        let t = responder.pages.wording(await responder.language(request, session: session))
        let revisionOf = Dictionary(drafts.map { ($0.id, $0.revision) }, uniquingKeysWith: { a, _ in a })
        let rows = ReportRows(pages: responder.pages, tenant: tenant)
        let allEvents = try await store.draftEvents(drafts.map(\.id))
        let events = allEvents.map { event -> [String: Any] in
            var row: [String: Any] = [
                "at": Timestamp(rfc3339: event.recordedAt).map(rows.localTime) ?? event.recordedAt,
                "actor": event.actor, "action": t["web.event." + event.action.rawValue],
                "version": event.version, "draft": StaffPaths.draft(event.draftID),
            ]
            if let revision = revisionOf[event.draftID] ?? nil { row["revision"] = t.revision(revision) }
            if let comment = event.comment { row["comment"] = comment }
            return row
        }
        var revisionRows: [[String: Any]] = []
        for revision in revisions {
            var row: [String: Any] = ["label": t.revision(revision.revision)]
            if let note = revision.revisionNote { row["note"] = note }
            if let draft = drafts.first(where: { $0.revision == revision.revision && $0.state == .published }) {
                let notified = try await store.notificationTime(
                    tenantID: tenant.id, incidentID: id, revision: revision.revision)
                row["times"] = Self.times(
                    draft, determinedAt: revision.determinedAt, notifiedAt: notified,
                    allEvents.filter { $0.draftID == draft.id }, t)
            }
            revisionRows.append(row)
        }
        let view: [String: Any] = [
            "id": id, "next": StaffPaths.incident(tenantID: tenant.id, id: id) + "/next", "canNext": !revisions.isEmpty,
            "zoneNote": rows.zoneNote(tenant.timeZone),
            "revisions": revisionRows,
            "events": events, "hasEvents": !events.isEmpty,
            "drafts": drafts.map { row($0, names: [tenant.id: tenant.name], t: t, now: Date()) },
            "portal": "/t/\(tenant.id)/reports/incident/\(id)",
        ]
        return responder.html(
            responder.pages.page(
                "staffIncident", language: t.language, title: id, tenantName: tenant.name,
                viewer: responder.viewer(session), view: view))
    }

    /// How long the revision took: writing (made to first submitted or published), review (last submitted
    /// to approved), determined to published, and published to the relay's acceptance of its first mail.
    static func times(_ draft: Draft, determinedAt: String, notifiedAt: String?, _ events: [DraftEvent], _ t: Wording)
        -> String
    {
        func date(_ text: String?) -> Date? { text.flatMap(Timestamp.init(rfc3339:))?.date }
        func span(_ label: String, _ from: String?, _ to: String?) -> String? {
            guard let from = date(from), let to = date(to), to >= from else { return nil }
            return "\(t[label]) \(t.duration(seconds: Int(to.timeIntervalSince(from))))"
        }
        let handedOver = events.first { $0.action == .submit || $0.action == .publishNow }?.recordedAt
        let submitted = events.last { $0.action == .submit }?.recordedAt,
            approved = events.last { $0.action == .approve }?.recordedAt
        return [
            span("web.timeWriting", draft.createdAt, handedOver), span("web.timeReview", submitted, approved),
            span("web.timeToPublish", determinedAt, draft.publishedAt),
            span("web.timeDelivery", draft.publishedAt, notifiedAt),
        ]
        .compactMap { $0 }.joined(separator: " · ")
    }
}
