import Hummingbird
import SOCStore

/// What the portal's routes need of a request context: the client's address (sign-in throttling) and
/// the session the session middleware found. The server's context conforms, to mount the portal.
public protocol PortalRequestContext: RemoteAddressRequestContext {
    var portalSession: PortalSession? { get set }
}
