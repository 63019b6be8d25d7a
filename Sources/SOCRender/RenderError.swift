/// Failures of the drawing libraries and of the font set-up, with what to do about them.
public enum RenderError: Error, CustomStringConvertible, Equatable {
    case cairo(operation: String, status: String)
    case fontMissing(family: String, package: String)
    case fontConfiguration(String)

    public var description: String {
        switch self {
        case let .cairo(operation, status):
            return "cairo: \(operation) failed: \(status)"
        case let .fontMissing(family, package):
            return
                "font '\(family)' is not installed; install the Debian package \(package) (apt-get install \(package)) or put the font file in Fonts/"
        case let .fontConfiguration(message):
            return "fontconfig: \(message)"
        }
    }
}
