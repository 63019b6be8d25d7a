/// The customer portal's page addresses (served by SOCWeb), in one place for the pages that link to
/// them and the notification mails that point into them. Tenant and report ids are contract
/// identifiers, each safe as one path segment as it is.
public enum PortalPaths {
    /// A tenant's reports: `/t/{tenant}/reports`.
    public static func reports(tenantID: String) -> String { "/t/\(tenantID)/reports" }

    /// One report's page, every revision with its downloads: `/t/{tenant}/reports/{incident|monthly}/{id}`.
    public static func report(tenantID: String, kind: ManifestEntry.Kind, id: String) -> String {
        reports(tenantID: tenantID) + "/\(kind.rawValue)/\(id)"
    }

    /// A notification mail's acknowledgement link for one recipient: `/ack/{token}`.
    public static func ack(token: String) -> String { "/ack/\(token)" }

    /// The staff's operations board: `/staff/board`.
    public static let board = "/staff/board"
}
