import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Reading request bodies and writing JSON answers, the same way on every route.
enum JSONBody {
    /// Media types the API reads: JSON, and newline-delimited JSON for many documents.
    static let accepted = ["application/json", "application/x-ndjson", "application/ndjson"]

    /// The request's body: 415 unless it is declared JSON, 413 when larger than `limit`.
    static func read(_ request: Request, limit: Int) async throws -> Data {
        let declared = request.headers[.contentType].flatMap(MediaType.init(from:))
        guard let declared, accepted.contains("\(declared.type)/\(declared.subType)".lowercased()) else {
            throw APIProblem(
                .unsupportedMediaType,
                "send the body as \(accepted.joined(separator: " or ")) (Content-Type was \(request.headers[.contentType].map { "\"\($0)\"" } ?? "missing"))"
            )
        }
        var request = request
        do {
            return Data(buffer: try await request.collectBody(upTo: limit))
        } catch is NIOTooManyBytesError {
            throw APIProblem(.contentTooLarge, "the body is larger than the limit of \(limit) bytes")
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws
        -> Response
    {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
