import Foundation
import HTTPTypes
import Hummingbird
import SOCModel
import SOCPages
import SOCPortal
import SOCStore
import SOCTemplates

/// The tenant list (staff), a tenant's reports, a report's revisions, and its files. A tenant a user
/// may not see, and anything its manifest does not list, is answered 404, as if it did not exist.
struct ReportRoutes<Context: PortalRequestContext>: Sendable {
    let responder: PortalPagesResponder
    let store: Store
    let portal: Portal
    let cache = ManifestCache()

    func register(on group: RouterGroup<Context>) {
        group.get("/") { request, context in
            let session = try requireSession(context)
            if let tenantID = session.user.tenantID { return responder.redirect(Self.reportsPath(tenantID)) }
            return try await tenantsPage(request, session)
        }
        group.get("t/:tenant/reports") { request, context in
            let session = try requireSession(context)
            return try await reportsPage(request, session, tenant: try await visibleTenant(context, session))
        }
        group.get("t/:tenant/reports/:kind/:id") { request, context in
            let session = try requireSession(context)
            let tenant = try await visibleTenant(context, session)
            guard let kind = context.parameters.get("kind", as: ManifestEntry.Kind.self),
                let id = context.parameters.get("id")
            else {
                throw HTTPError(.notFound)
            }
            return try await reportPage(request, session, tenant: tenant, kind: kind, id: id)
        }
        group.get("t/:tenant/files/**") { request, context in
            let session = try requireSession(context)
            let tenant = try await visibleTenant(context, session)
            // The path as sent, decoded once: "%2e%2e%2f" becomes "../" and matches no manifest entry;
            // a double-encoded "%252e" stays "%2e" and matches none either.
            let prefix = "/t/\(tenant.id)/files/"
            guard request.uri.path.hasPrefix(prefix),
                let path = String(request.uri.path.dropFirst(prefix.count)).removingPercentEncoding,
                let (folder, cached) = try await index(of: tenant), let entry = cached.index.entry(at: path),
                let download = Download(entry: entry, in: folder, inline: request.uri.queryParameters["view"] == "1")
            else {
                throw HTTPError(.notFound)
            }
            return try await download.response(request, context: context)
        }
    }

    static func reportsPath(_ tenantID: String) -> String { PortalPaths.reports(tenantID: tenantID) }

    /// The tenant in the path, when this user may see it; 404 otherwise, whether or not it exists. A customer's
    /// came with the session; staff's is read.
    private func visibleTenant(_ context: Context, _ session: PortalSession) async throws -> Tenant {
        guard let id = context.parameters.get("tenant"), session.user.maySee(tenantID: id) else {
            throw HTTPError(.notFound)
        }
        if let tenant = session.tenant, tenant.id == id { return tenant }
        guard let tenant = try await store.tenant(id) else { throw HTTPError(.notFound) }
        return tenant
    }

    /// The tenant's folder and report index, nil when it has none. A changed manifest is read whole,
    /// so this runs on NIO's thread pool.
    private func index(of tenant: Tenant) async throws -> (TenantFolder, ManifestCache.Cached)? {
        try await offloaded { [portal, cache] in
            guard let folder = try portal.existingFolder(for: tenant), let index = try cache.index(of: folder) else {
                return nil
            }
            return (folder, index)
        }
    }

    private func tenantsPage(_ request: Request, _ session: PortalSession) async throws -> Response {
        let language = await responder.language(request, session: session)
        let tenants: [[String: Any]] = try await store.tenantNames().map {
            ["id": $0.id, "name": $0.name, "href": Self.reportsPath($0.id)]
        }
        return responder.html(
            responder.pages.page(
                "tenants", language: language, title: responder.pages.wording(language)["web.tenants"],
                viewer: responder.viewer(session), view: ["tenants": tenants]))
    }

    private func reportsPage(_ request: Request, _ session: PortalSession, tenant: Tenant) async throws -> Response {
        let query = request.uri.queryParameters
        func parameter(_ name: String) -> String? {
            query[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        }
        var filter = ReportFilter(query: parameter("q") ?? "", page: parameter("page").flatMap(Int.init) ?? 1)
        var problems: [String] = []
        if let month = parameter("month") {
            filter.month = YearMonth(month); if filter.month == nil { problems.append("month: not YYYY-MM") }
        }
        if let severity = parameter("severity") {
            filter.severity = Severity(rawValue: severity);
            if filter.severity == nil { problems.append("severity: unknown") }
        }
        if let kind = parameter("kind") {
            filter.kind = ManifestEntry.Kind(rawValue: kind).flatMap { $0 == .ioc ? nil : $0 };
            if filter.kind == nil { problems.append("kind: unknown") }
        }
        guard problems.isEmpty else {
            throw HTTPError(.badRequest, message: problems.map { "\(request.uri.path): \($0)" }.joined(separator: "\n"))
        }
        let t = responder.pages.wording(tenant.language)
        let viewer = responder.viewer(session)
        guard let cached = try await index(of: tenant)?.1 else {
            let body = try await reportsBody(
                tenant, filter: filter, index: ReportIndex(manifest: Manifest(tenant: tenant)))
            return responder.html(
                responder.pages.layout(
                    body: body, language: tenant.language, title: t["web.reports"], tenantName: tenant.name,
                    viewer: viewer))
        }
        // The body depends on the manifest's version (the cache's own key), the tenant (`Self.bodyKey`) and the
        // filter; the store's facts of a published revision do not change.
        let key = Self.bodyKey(
            tenant,
            [
                filter.month?.description ?? "", filter.severity?.rawValue ?? "", filter.kind?.rawValue ?? "",
                filter.query, String(filter.page),
            ])
        let body: ManifestCache.KeptBody
        if let kept = cached.body(key) {
            body = kept
        } else {
            body = ManifestCache.KeptBody(try await reportsBody(tenant, filter: filter, index: cached.index))
            cached.keep(body, as: key)
        }
        return responder.page(
            request,
            responder.pages.layout(
                body: body.text(csrfToken: session.csrfToken), language: tenant.language, title: t["web.reports"],
                tenantName: tenant.name, viewer: viewer))
    }

    /// The reports page's body: the filter form, a page of rows and the paging links.
    private func reportsBody(_ tenant: Tenant, filter: ReportFilter, index: ReportIndex) async throws -> String {
        let listing = ReportListing(index: index, filter: filter)
        let rows = ReportRows(pages: responder.pages, tenant: tenant)
        let summaries = try await summariesByRevision(
            tenant, ids: listing.entries.filter { $0.kind == .incident }.map(\.id))
        let t = responder.pages.wording(tenant.language)
        let base = Self.reportsPath(tenant.id)
        func pageLink(_ page: Int) -> String {
            var items = [
                ("month", filter.month?.description), ("severity", filter.severity?.rawValue),
                ("kind", filter.kind?.rawValue),
                ("q", filter.query.isEmpty ? nil : filter.query),
            ].compactMap { name, value in value.map { "\(name)=\(Self.queryEscaped($0))" } }
            items.append("page=\(page)")
            return base + "?" + items.joined(separator: "&")
        }
        var view: [String: Any] = [
            "action": base, "query": filter.query, "facts": true, "timeHeading": t["web.determined"],
            "zoneNote": rows.zoneNote(tenant.timeZone),
            "rows": listing.entries.map { entry in
                rows.row(
                    entry, summary: summaries[Self.key(entry.id, entry.revision)],
                    href: PortalPaths.report(tenantID: tenant.id, kind: entry.kind, id: entry.id))
            },
            "hasRows": !listing.entries.isEmpty,
            "pageOf": t.format("web.pageOf", ["page": listing.page, "pages": listing.pages, "count": listing.total]),
            "months": index.months.map {
                ["value": $0.description, "label": t.month($0), "selected": $0 == filter.month]
            },
            "severities": Severity.allCases.map {
                ["value": $0.rawValue, "label": t.severity($0), "selected": $0 == filter.severity]
            },
            "kinds": [ManifestEntry.Kind.incident, .monthly].map { kind in
                [
                    "value": kind.rawValue, "label": t[kind == .incident ? "web.kindIncident" : "web.kindMonthly"],
                    "selected": kind == filter.kind,
                ]
            },
        ]
        if listing.page > 1 { view["previous"] = pageLink(listing.page - 1) }
        if listing.page < listing.pages { view["next"] = pageLink(listing.page + 1) }
        return responder.pages.body("reports", language: tenant.language, title: t["web.reports"], view: view)
    }

    /// A report's page. Its body is kept per manifest version like the reports page's, keyed also by the revisions'
    /// acknowledgements (read on every request: another replica may have recorded one) and by whether the reader
    /// is staff (who get no acknowledgement button); the session's CSRF token goes into the kept body per request.
    /// The tenant came with the session for a customer, so a request reads the store twice: the session and the
    /// acknowledgements.
    private func reportPage(
        _ request: Request, _ session: PortalSession, tenant: Tenant, kind: ManifestEntry.Kind, id: String
    ) async throws -> Response {
        guard let cached = try await index(of: tenant)?.1 else { throw HTTPError(.notFound) }
        let revisions = cached.index.revisions(kind: kind, id: id)
        guard let latest = revisions.first else { throw HTTPError(.notFound) }
        let acknowledgements =
            kind == .incident ? try await store.acknowledgements(tenantID: tenant.id, incidentID: id) : []
        let key = Self.bodyKey(
            tenant,
            [kind.rawValue, id, session.user.isStaff ? "staff" : "customer"]
                + acknowledgements.map { "\($0.revision) \($0.who) \($0.via) \($0.acknowledgedAt)" })
        let body: ManifestCache.KeptBody
        if let kept = cached.body(key) {
            body = kept
        } else {
            body = ManifestCache.KeptBody(
                try await reportBody(
                    tenant, kind: kind, id: id, revisions: revisions, index: cached.index,
                    acknowledgements: acknowledgements, forCustomer: !session.user.isStaff))
            cached.keep(body, as: key)
        }
        let page = responder.pages.layout(
            body: body.text(csrfToken: session.csrfToken),
            language: tenant.language, title: latest.title, tenantName: tenant.name, viewer: responder.viewer(session))
        return responder.page(request, page)
    }

    /// A report's page body: its latest revision's facts and every revision with its downloads, indicator files,
    /// acknowledgements and (for a customer) the button that adds theirs.
    private func reportBody(
        _ tenant: Tenant, kind: ManifestEntry.Kind, id: String, revisions: [ManifestEntry], index: ReportIndex,
        acknowledgements: [Acknowledgement], forCustomer: Bool
    ) async throws -> String {
        let latest = revisions[0]
        let summaries = kind == .incident ? try await summariesByRevision(tenant, ids: [id]) : [:]
        let rows = ReportRows(pages: responder.pages, tenant: tenant)
        let t = responder.pages.wording(tenant.language)
        let files = "/t/\(tenant.id)/files/"
        var view = rows.row(latest, summary: summaries[Self.key(id, latest.revision)], href: "")
        view["reportTitle"] = latest.title
        view["back"] = Self.reportsPath(tenant.id)
        view["zoneNote"] = rows.zoneNote(tenant.timeZone)
        view["revisions"] = revisions.map { entry -> [String: Any] in
            let summary = summaries[Self.key(id, entry.revision)]
            var revision: [String: Any] = [
                "label": entry.revision.map(t.revision) ?? t.month(entry.month),
                "time": (summary.flatMap { Timestamp(rfc3339: $0.determinedAt) }).map {
                    "\(t["web.determined"]) \(rows.localTime($0))"
                } ?? "",
                "published": Timestamp(rfc3339: entry.publishedAt).map(rows.localTime) ?? entry.publishedAt,
                "size": rows.bytes(entry.size), "sha256": entry.sha256,
                "download": files + entry.path, "view": files + entry.path + "?view=1",
            ]
            if let note = summary?.revisionNote { revision["note"] = note }
            revision["indicators"] = rows.indicatorLinks(index.indicatorFiles(of: entry.path), hrefPrefix: files)
            if kind == .incident, let n = entry.revision {
                revision.merge(
                    acknowledgementView(
                        acknowledgements.filter { $0.revision == n }, revision: n, forCustomer: forCustomer,
                        action: PortalPaths.report(tenantID: tenant.id, kind: kind, id: id) + "/ack", rows: rows,
                        wording: t)
                ) { $1 }
            }
            return revision
        }
        return responder.pages.body("report", language: tenant.language, title: latest.title, view: view)
    }

    /// A revision's acknowledgements, first first, and for a customer the button that adds theirs.
    private func acknowledgementView(
        _ acknowledgements: [Acknowledgement], revision: Int, forCustomer: Bool, action: String,
        rows: ReportRows, wording t: Wording
    ) -> [String: Any] {
        var view: [String: Any] = ["anchor": "r\(revision)", "ackable": true]
        view["acks"] = acknowledgementList(acknowledgements, clock: rows, wording: t)
        if forCustomer {
            view["ackForm"] = ["action": action, "csrf": ManifestCache.csrfPlaceholder, "revision": revision]
        }
        return view
    }

    private func summariesByRevision(_ tenant: Tenant, ids: [String]) async throws -> [String: IncidentFacts] {
        Dictionary(
            try await store.incidentFacts(tenantID: tenant.id, ids: ids).map { (Self.key($0.id, $0.revision), $0) },
            uniquingKeysWith: { a, _ in a })
    }

    /// A kept body's key within its manifest version: what the page says of the tenant (its name, language, zone,
    /// and the zone's offset now, whose note changes with daylight saving time), then `parts` of the page's own.
    private static func bodyKey(_ tenant: Tenant, _ parts: [String]) -> String {
        let offset = String(TimeZone(identifier: tenant.timeZone)?.secondsFromGMT() ?? 0)
        return ([tenant.name, tenant.language.rawValue, tenant.timeZone, offset] + parts).joined(separator: "\u{0}")
    }

    private static func key(_ id: String, _ revision: Int?) -> String { "\(id)#\(revision ?? 0)" }

    private static func queryEscaped(_ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&+=#?")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
