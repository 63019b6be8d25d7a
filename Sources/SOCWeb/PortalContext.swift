import HTTPTypes
import Hummingbird
import NIOCore
import SOCStore

/// What the portal's routes need of a request context: the client's address (sign-in throttling) and
/// the session the session middleware found. The server's own context conforms to mount the portal.
public protocol PortalRequestContext: RemoteAddressRequestContext {
    var portalSession: PortalSession? { get set }
}

/// The portal's context when it runs on its own application.
public struct PortalContext: PortalRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var portalSession: PortalSession?
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
