import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SOCStore
import SOCTAXII

/// `/taxii2/`: TAXII 2.1 for customers' tools, one API root per tenant, read-only collections served
/// from the store's index of published STIX objects. Every route is behind an API key with the "taxii"
/// scope, sent as Bearer or as the password of HTTP Basic; a tenant's key sees its own API root only.
struct TAXIIRoutes {
    let store: Store
    let maxContentLength: Int

    func add(to router: Router<ServerContext>) {
        // Errors are answered by a middleware of the whole router, which also sees the router's 404 for a
        // path under /taxii2 no route matches (a catch-all here would clash with the tenant's segment).
        router.add(middleware: TAXIIErrorMiddleware())
        let taxii = router.group("taxii2").add(middleware: APIKeyAuthenticator(store: store))
        taxii.get("") { request, context in try await discovery(request, context) }
        taxii.get(":tenant") { request, context in try await apiRoot(request, context) }
        taxii.get(":tenant/collections") { request, context in
            _ = try await tenant(request, context)
            return try Self.json(TAXIICollections(), accept: request)
        }
        taxii.get(":tenant/collections/:collection") { request, context in
            try Self.json(try await collection(request, context).collection, accept: request)
        }
        taxii.get(":tenant/collections/:collection/objects") { request, context in
            try await objects(request, context, endpoint: .collection)
        }
        taxii.get(":tenant/collections/:collection/objects/:object") { request, context in
            try await objects(request, context, endpoint: .object(try context.parameters.require("object")))
        }
        taxii.get(":tenant/collections/:collection/objects/:object/versions") { request, context in
            try await versions(request, context)
        }
        taxii.get(":tenant/collections/:collection/manifest") { request, context in try await manifest(request, context)
        }
        // Objects arrive by publishing reports: adding or deleting through TAXII is refused as the
        // specification says for a collection with `can_write: false`.
        taxii.post(":tenant/collections/:collection/objects") { request, context -> Response in
            _ = try await collection(request, context)
            guard TAXIIMediaType.isEnvelope(contentType: request.headers[.contentType]) else {
                throw APIProblem(.unsupportedMediaType, "send objects as \(TAXIIMediaType.taxii)")
            }
            throw APIProblem(.forbidden, "the collection is read-only (can_write is false)")
        }
        taxii.delete(":tenant/collections/:collection/objects/:object") { request, context -> Response in
            _ = try await collection(request, context)
            throw APIProblem(.forbidden, "the collection is read-only (can_write is false)")
        }
    }

    /// The API roots the key sees: its tenant's, or every tenant's for an operator's key.
    private func discovery(_ request: Request, _ context: ServerContext) async throws -> Response {
        let key = try taxiiKey(request, context)
        let roots = if let own = key.tenantID { [own] } else { try await store.tenantIDs() }
        return try Self.json(TAXIIDiscovery(roots: roots, own: key.tenantID), accept: request)
    }

    private func apiRoot(_ request: Request, _ context: ServerContext) async throws -> Response {
        let tenant = try await tenant(request, context)
        return try Self.json(TAXIIAPIRoot(tenantName: tenant.name, maxContentLength: maxContentLength), accept: request)
    }

    private func objects(_ request: Request, _ context: ServerContext, endpoint: TAXIIFilters.Endpoint) async throws
        -> Response
    {
        let (tenant, page, type) = try await read(request, context, endpoint: endpoint, objects: true)
        if case .object(let id) = endpoint, page.entries.isEmpty, !request.uri.queryParameters.has("next") {
            throw APIProblem(.notFound, "tenant \(tenant) has no object \(id) matching the request")
        }
        return Self.response(TAXIIPageBody.envelope(page), type: type, page: page)
    }

    private func manifest(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (_, page, type) = try await read(request, context, endpoint: .collection, objects: false)
        return Self.response(try JSONBody.encoder.encode(TAXIIPageBody.manifest(page)), type: type, page: page)
    }

    private func versions(_ request: Request, _ context: ServerContext) async throws -> Response {
        let id = try context.parameters.require("object")
        let (tenant, page, type) = try await read(request, context, endpoint: .versions(id), objects: false)
        if page.entries.isEmpty, !request.uri.queryParameters.has("next"),
            !request.uri.queryParameters.has("added_after")
        {
            throw APIProblem(.notFound, "tenant \(tenant) has no object \(id)")
        }
        return Self.response(try JSONBody.encoder.encode(TAXIIPageBody.versions(page)), type: type, page: page)
    }

    /// The page of the tenant's index the request's filters select, and the media type to answer in.
    private func read(_ request: Request, _ context: ServerContext, endpoint: TAXIIFilters.Endpoint, objects: Bool)
        async throws -> (tenant: String, page: TAXIIPage, type: String)
    {
        let type = try Self.answerType(request, objects: objects)
        let tenant = try await collection(request, context).tenant
        let key = try taxiiKey(request, context)
        let parameters = request.uri.queryParameters.map {
            (name: String($0.key).removingPercentEncoding ?? String($0.key), value: String($0.value))
        }
        let filters: TAXIIFilters
        do {
            filters = try TAXIIFilters(parameters, endpoint: endpoint, allowRed: key.allowRed)
        } catch {
            throw APIProblem(.badRequest, "the filters are invalid", problems: error.problems)
        }
        let page =
            filters.matchesSpecVersion ? try await store.taxiiObjects(tenantID: tenant, filters.query) : TAXIIPage.empty
        return (tenant, page, type)
    }

    /// The request's key: 406 when it accepts no TAXII 2.1 answer, 403 without the "taxii" scope.
    private func taxiiKey(_ request: Request, _ context: ServerContext) throws -> APIKeyRecord {
        _ = try Self.answerType(request, objects: true)
        try context.require(.taxii)
        return context.apiKey!
    }

    /// The tenant of the path: 404 when the store does not know it or the key does not see it.
    private func tenant(_ request: Request, _ context: ServerContext) async throws -> (id: String, name: String) {
        _ = try taxiiKey(request, context)
        let id = try context.parameters.require("tenant")
        try context.requireTenant(id)
        guard let name = try await store.tenantName(id) else { throw APIProblem(.notFound, "unknown tenant \"\(id)\"") }
        return (id, name)
    }

    private func collection(_ request: Request, _ context: ServerContext) async throws -> (
        tenant: String, collection: TAXIICollection
    ) {
        let tenant = try await tenant(request, context)
        let id = try context.parameters.require("collection")
        guard let collection = TAXIICollection.named(id) else {
            throw APIProblem(.notFound, "tenant \(tenant.id) has no collection \(id)")
        }
        return (tenant.id, collection)
    }

    private static func answerType(_ request: Request, objects: Bool) throws -> String {
        guard let type = TAXIIMediaType.answer(accept: request.headers[.accept], objects: objects) else {
            throw APIProblem(
                .notAcceptable,
                "accept \(TAXIIMediaType.taxii)\(objects ? " or \(TAXIIMediaType.stix)" : "") (Accept was \"\(request.headers[.accept] ?? "")\")"
            )
        }
        return type
    }

    static func json(_ value: some Encodable, accept request: Request) throws -> Response {
        Response(
            status: .ok, headers: [.contentType: try answerType(request, objects: false)],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONBody.encoder.encode(value))))
    }

    private static func response(_ body: some Sequence<UInt8>, type: String, page: TAXIIPage) -> Response {
        var headers: HTTPFields = [.contentType: type]
        if let dates = TAXIIPageBody.dateHeaders(page) {
            headers[HTTPField.Name("X-TAXII-Date-Added-First")!] = dates.first
            headers[HTTPField.Name("X-TAXII-Date-Added-Last")!] = dates.last
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Answers every error under `/taxii2` as TAXII's error message (`application/taxii+json`), keeping
/// the status and headers (`WWW-Authenticate` on 401).
struct TAXIIErrorMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response)
        async throws -> Response
    {
        let path = request.uri.path
        guard path == "/taxii2" || path.hasPrefix("/taxii2/") else { return try await next(request, context) }
        let problem: APIProblem
        do {
            return try await next(request, context)
        } catch let error as APIProblem {
            problem = error
        } catch let error as HTTPError where error.status == .notFound {
            problem = APIProblem(.notFound, "no TAXII resource \(request.method) \(path)")
        } catch let error as HTTPError {
            problem = APIProblem(error.status, error.body ?? error.status.reasonPhrase, headers: error.headers)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            problem = APIProblem(
                .internalServerError, "the request failed; the server log has the details under this request id")
        }
        let message = TAXIIErrorMessage(
            status: problem.status.code, title: problem.status.reasonPhrase, description: problem.detail,
            problems: problem.problems, requestID: context.id)
        var headers = problem.headers
        headers[.contentType] = TAXIIMediaType.taxii
        return Response(
            status: problem.status, headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONBody.encoder.encode(message))))
    }
}
