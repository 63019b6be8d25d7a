import Hummingbird
import Logging
import SOCStore

/// The request context of every route: carries what authentication established.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The API key the request was made with; set by `APIKeyAuthenticator`, nil on public routes.
    public var apiKey: APIKeyRecord?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
