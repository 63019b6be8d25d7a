import Foundation
import HTTPTypes
import Hummingbird
import SOCStore

/// Authenticates every request of the API by its key, once, into `context.apiKey`; a missing or
/// unknown key is answered 401 before any route runs. Routes then `require` a scope.
struct APIKeyAuthenticator: RouterMiddleware {
    let store: Store

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response)
        async throws -> Response
    {
        guard let token = Self.token(request.headers[.authorization]) else {
            throw Self.unauthorized(
                "send an API key as \"Authorization: Bearer <token>\", or as the password of HTTP Basic")
        }
        guard let key = try await APIKeys.authenticate(token, in: store) else {
            throw Self.unauthorized("the API key is unknown or revoked")
        }
        var context = context
        context.apiKey = key
        context.logger[metadataKey: "api_key"] = .string(key.name)
        return try await next(request, context)
    }

    /// The token of "Bearer <token>", or the password of "Basic" (any user name): TAXII clients send either.
    static func token(_ authorization: String?) -> String? {
        let parts = authorization?.split(separator: " ", maxSplits: 1) ?? []
        guard parts.count == 2 else { return nil }
        let credentials = parts[1].trimmingCharacters(in: .whitespaces)
        switch parts[0].lowercased() {
        case "bearer":
            return credentials
        case "basic":
            guard let decoded = Data(base64Encoded: credentials).flatMap({ String(data: $0, encoding: .utf8) }),
                let colon = decoded.firstIndex(of: ":")
            else { return nil }
            return String(decoded[decoded.index(after: colon)...])
        default:
            return nil
        }
    }

    static func unauthorized(_ detail: String) -> APIProblem {
        var headers = HTTPFields()
        headers.append(HTTPField(name: .wwwAuthenticate, value: "Bearer realm=\"socreport\""))
        headers.append(HTTPField(name: .wwwAuthenticate, value: "Basic realm=\"socreport\""))
        return APIProblem(.unauthorized, detail, headers: headers)
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

    /// Throws 404, as for a tenant the store does not know, unless the request's key sees `tenant`: a
    /// tenant's key learns nothing of any other.
    func requireTenant(_ tenant: String) throws {
        guard apiKey?.sees(tenant: tenant) == true else { throw APIProblem(.notFound, "unknown tenant \"\(tenant)\"") }
    }
}
