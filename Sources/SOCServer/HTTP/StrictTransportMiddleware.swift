import HTTPTypes
import Hummingbird

/// `Strict-Transport-Security` on every answer when the portal's public address is https (TLS ends at
/// the proxy in front): a browser that has been there once never again asks over plain HTTP, where the
/// session cookie could be stripped or a page rewritten. Outermost, so refusals carry it too.
struct StrictTransportMiddleware<Context: RequestContext>: RouterMiddleware {
    static var value: String { "max-age=31536000" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.strictTransportSecurity] = Self.value
        return response
    }
}
