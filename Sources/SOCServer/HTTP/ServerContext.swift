import Hummingbird
import Logging
import NIOCore
import SOCStore
import SOCWeb

/// The request context of every route: carries what authentication established.
public struct ServerContext: PortalRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The API key the request was made with; set by `APIKeyAuthenticator`, nil on public routes.
    public var apiKey: APIKeyRecord?
    /// The portal user's session; set by the portal's session middleware on its pages.
    public var portalSession: PortalSession?
    /// The client, for the portal's sign-in throttle.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
