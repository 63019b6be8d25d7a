import Hummingbird
import Logging

/// At debug level, each request's method and path as its head arrives, before its body (so an operator, or a
/// test, sees a request in flight). Hummingbird's `LogRequestsMiddleware` would log the whole URI, and an
/// acknowledgement link's path is its secret: `/ack/<token>` is logged without the token, and no query is logged.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        context.logger.debug(
            "Request",
            metadata: [
                "hb.request.method": .string(request.method.rawValue),
                "hb.request.path": .string(Self.loggable(request.uri.path)),
            ])
        return try await next(request, context)
    }

    static func loggable(_ path: String) -> String { path.hasPrefix("/ack/") ? "/ack/<token>" : path }
}
