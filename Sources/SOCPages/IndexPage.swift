import SOCModel
import SOCPortal

/// The static `index.html` of a tenant folder, for deployments that serve the folder with their own web
/// server: the server's reports table (same template, wording and colours), every file linked directly,
/// the stylesheet inline because the folder holds no other.
public struct IndexPage: IndexPageRendering {
    let pages: PortalPages

    public init(pages: PortalPages) { self.pages = pages }

    public func indexPage(_ manifest: Manifest, tenant: Tenant) -> String {
        let rows = ReportRows(pages: pages, tenant: tenant)
        let index = ReportIndex(manifest: manifest)
        let entries = manifest.documents.filter { $0.kind != .ioc }
            .sorted { ($0.month, $0.publishedAt, $0.path) > ($1.month, $1.publishedAt, $1.path) }
        let wording = pages.wording(tenant.language)
        let updated = Timestamp(rfc3339: manifest.updatedAt).map(rows.localTime) ?? manifest.updatedAt
        return pages.page(
            "index", language: tenant.language, title: wording["web.reports"], tenantName: tenant.name,
            inlineStylesheet: true,
            view: [
                "rows": entries.map { entry in
                    var row = rows.row(entry, summary: nil, href: entry.path)
                    row["indicators"] = rows.indicatorLinks(index.indicatorFiles(of: entry.path), hrefPrefix: "")
                    return row
                },
                "hasRows": !entries.isEmpty,
                "timeHeading": wording["web.published"],
                "updated": updated,
                "zoneNote": rows.zoneNote(tenant.timeZone),
            ])
    }
}
