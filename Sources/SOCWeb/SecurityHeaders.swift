import HTTPTypes
import Hummingbird

/// The portal's headers: a Content-Security-Policy allowing only the portal's own stylesheet and forms
/// (no inline script or style, no framing) and `nosniff`, by Hummingbird's middleware.
func portalContentSecurity<Context: RequestContext>() -> ContentSecurityMiddleware<Context> {
    ContentSecurityMiddleware(contentSecurityPolicy: [
        .defaultSrc(.none), .styleSrc(.self), .imgSrc(.self), .formAction(.self), .baseURI(.none), .frameAncestors(.none),
    ])
}

/// Inside the security headers: a refusal thrown by a route becomes the portal's own page (in the
/// client's language), so it carries the same headers as every page; and no referrer leaves the portal.
struct PortalResponseMiddleware<Context: PortalRequestContext>: RouterMiddleware {
    let pages: PortalPagesResponder

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
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
