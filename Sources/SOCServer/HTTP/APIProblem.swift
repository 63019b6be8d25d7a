import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SOCModel

/// An error answered as RFC 9457 problem details (`application/problem+json`). `problems` holds the
/// same lines the command line prints for the same input (`$.json.path: what is wrong`).
public struct APIProblem: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var detail: String
    public var problems: [String]
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ detail: String, problems: [String] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.detail = detail
        self.problems = problems
        self.headers = headers
    }

    /// An input rejected with its problems: 400 when the document is invalid.
    public init(_ status: HTTPResponse.Status = .badRequest, invalid: InvalidDocument, detail: String) {
        self.init(status, detail, problems: invalid.problems.map(\.description))
    }

    public static let mediaType = "application/problem+json"

    struct Body: Encodable {
        var type = "about:blank"
        var title: String
        var status: Int
        var detail: String
        var instance: String
        var requestId: String
        var problems: [String]?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(
            title: status.reasonPhrase, status: status.code, detail: detail, instance: request.uri.path,
            requestId: context.id,
            problems: problems.isEmpty ? nil : problems)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = headers
        headers[.contentType] = Self.mediaType
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
    }
}

/// Answers every error as problem details: the API's own as they are, the router's (404, 405) and
/// body limits (413) with their status, anything else as a logged 500 that shows no internals.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let problem as APIProblem {
            return try problem.response(from: request, context: context)
        } catch let error as HTTPError {
            return try APIProblem(error.status, error.body ?? error.status.reasonPhrase, headers: error.headers)
                .response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try APIProblem(error.status, error.status.reasonPhrase).response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            return try APIProblem(
                .internalServerError, "the request failed; the server log has the details under this request id"
            )
            .response(from: request, context: context)
        }
    }
}
