import HTTPTypes
import Hummingbird

/// The portal's headers: a Content-Security-Policy allowing only the portal's own stylesheet, scripts (the
/// static files under /static, which fetch only from the portal) and forms (no inline script or style, no
/// framing) and `nosniff`, by Hummingbird's middleware.
func portalContentSecurity<Context: RequestContext>() -> ContentSecurityMiddleware<Context> {
    ContentSecurityMiddleware(contentSecurityPolicy: [
        .defaultSrc(.none), .styleSrc(.self), .imgSrc(.self), .scriptSrc(.self), .connectSrc(.self), .formAction(.self),
        .baseURI(.none), .frameAncestors(.none),
    ])
}

/// Inside the security headers: a refusal thrown by a route becomes the portal's own page (in the
/// client's language), so it carries the same headers as every page; and no referrer leaves the portal.
/// A page asked for without a session answers 401 with the sign-in form, which returns to it.
struct PortalResponseMiddleware<Context: PortalRequestContext>: RouterMiddleware {
    let pages: PortalPagesResponder
    let signin: SigninRoutes<Context>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError
            where error.status == .unauthorized && context.portalSession == nil && request.method == .get
        {
            let query = request.uri.query.map { "?" + $0 } ?? ""
            response = await signin.signinPage(
                request, status: .unauthorized, error: nil, email: "", next: request.uri.path + query)
        } catch let error as HTTPError {
            response = await pages.refusal(error, request: request, session: context.portalSession)
        }
        response.headers[.referrerPolicy] = "same-origin"
        return response
    }
}

extension HTTPField.Name {
    static let referrerPolicy = Self("Referrer-Policy")!
    static let contentDisposition = Self("Content-Disposition")!
}
