import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id, on each of its log lines and answered in `X-Request-Id`. An incoming
/// `X-Request-Id` is kept when it is short and plain (so a caller can follow its own id through the
/// logs); anything else is replaced by Hummingbird's id, so that no caller can forge log lines.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if let incoming = request.headers[RequestIDs.header], RequestIDs.isSane(incoming) {
            context.logger[metadataKey: RequestIDs.metadataKey] = .string(incoming)
        }
        let id = context.id
        do {
            var response = try await next(request, context)
            response.headers[RequestIDs.header] = id
            return response
        } catch var error as APIProblem {
            error.headers[RequestIDs.header] = id
            throw error
        }
    }
}

public enum RequestIDs {
    /// Hummingbird's own key, so that a request has one id however its lines were logged.
    public static let metadataKey = "hb.request.id"
    public static let header = HTTPField.Name("X-Request-Id")!

    static func isSane(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
                    true
                default: false
                }
            }
    }
}
