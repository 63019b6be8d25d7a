import Hummingbird
import SOCStore

/// Authenticates every request of the API by its bearer token, once, into `context.apiKey`; a
/// missing or unknown token is answered 401 before any route runs. Routes then `require` a scope.
struct APIKeyAuthenticator: RouterMiddleware {
    let store: Store

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw Self.unauthorized("send an API key as \"Authorization: Bearer <token>\"")
        }
        let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        guard let key = try await APIKeys.authenticate(token, in: store) else {
            throw Self.unauthorized("the API key is unknown or revoked")
        }
        var context = context
        context.apiKey = key
        context.logger[metadataKey: "api_key"] = .string(key.name)
        return try await next(request, context)
    }

    static func unauthorized(_ detail: String) -> APIProblem {
        APIProblem(.unauthorized, detail, headers: [.wwwAuthenticate: "Bearer realm=\"socreport\""])
    }
}

extension ServerContext {
    /// Throws 403 unless the request's key has `scope` (401 when the route is not behind the authenticator).
    func require(_ scope: APIScope) throws {
        guard let apiKey else { throw APIKeyAuthenticator.unauthorized("this route needs an API key") }
        guard apiKey.scopes.contains(scope) else {
            throw APIProblem(.forbidden, "the API key \"\(apiKey.name)\" lacks the \"\(scope.rawValue)\" scope")
        }
    }
}
