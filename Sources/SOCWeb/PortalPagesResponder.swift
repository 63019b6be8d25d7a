import Foundation
import HTTPTypes
import Hummingbird
import SOCModel
import SOCPages
import SOCPortal
import SOCStore

/// Pages as responses: HTML with `no-store` or revalidated by its ETag, redirects, and refusals as the portal's own pages.
struct PortalPagesResponder: Sendable {
    let pages: PortalPages
    let store: Store

    func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// A page a browser may keep and revalidate: private (it is one user's), `no-cache` (checked on every
    /// use, so nothing is shown after sign-out without the server's say), and an ETag of its bytes, so an
    /// unchanged page is answered 304 without its body.
    func page(_ request: Request, _ page: String) -> Response {
        let tag = "\"" + String(ContentDigest.sha256Hex(Array(page.utf8)).prefix(32)) + "\""
        var headers: HTTPFields = [.cacheControl: "private, no-cache", .eTag: tag]
        if let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag })
        {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    func redirect(_ location: String, cookies: [Cookie] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    /// The language of a page: the tenant's for its customers, else what the browser asks for (Japanese
    /// unless it prefers English).
    func language(_ request: Request, session: PortalSession?) async -> Language {
        if let tenant = session?.tenant { return tenant.language }
        let accepted = request.headers[.acceptLanguage]?.lowercased() ?? ""
        return accepted.hasPrefix("en") ? .en : .ja
    }

    func viewer(_ session: PortalSession?) -> PortalPages.Viewer? {
        session.map { .init(email: $0.user.email, csrfToken: $0.csrfToken, isStaff: $0.user.isStaff) }
    }

    /// A refusal as a page with its status: 404 for what may not exist for this user, 401 without a
    /// session, 403 for a missing CSRF token, 429 with its wait.
    func refusal(_ error: HTTPError, request: Request, session: PortalSession?) async -> Response {
        let language = await language(request, session: session)
        let t = pages.wording(language)
        let title: String
        switch error.status {
        case .notFound: title = t["web.notFound"]
        case .unauthorized: title = t["web.signIn"]
        case .tooManyRequests: title = t["web.tooMany"]
        default: title = t["web.forbidden"]
        }
        var view: [String: Any] = [:]
        if let detail = error.body, !detail.isEmpty { view["detail"] = detail }
        var response = html(
            pages.page("message", language: language, title: title, viewer: viewer(session), view: view),
            status: error.status)
        for field in error.headers { response.headers.append(field) }
        return response
    }
}
