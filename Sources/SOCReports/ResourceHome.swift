import Foundation

/// Where the project's `Templates/` and `Fonts/` are: `$SOCREPORT_HOME`, or the nearest folder holding
/// `Templates/theme.json` above the executable (a build in `.build/…`) or above the working directory.
public struct ResourceHome: Sendable {
    public let root: URL
    public init(root: URL) { self.root = root }

    public var templates: URL { root.appendingPathComponent("Templates") }
    public var fonts: URL { root.appendingPathComponent("Fonts") }

    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ResourceHome {
        if let home = environment["SOCREPORT_HOME"] {
            let url = URL(fileURLWithPath: home)
            guard isHome(url) else { throw ResourceError.notFound("SOCREPORT_HOME=\(home) has no Templates/theme.json") }
            return ResourceHome(root: url)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let starts = [executable.deletingLastPathComponent(), URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        for start in starts {
            var dir = start.standardizedFileURL
            while true {
                if isHome(dir) { return ResourceHome(root: dir) }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        throw ResourceError.notFound("no Templates/theme.json above \(executable.path) or the working directory; set SOCREPORT_HOME")
    }

    private static func isHome(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent("Templates/theme.json").path)
    }
}

public enum ResourceError: Error, CustomStringConvertible {
    case notFound(String)
    case invalid(file: String, problem: String)
    public var description: String {
        switch self {
        case .notFound(let message): return "templates not found: \(message)"
        case let .invalid(file, problem): return "\(file): \(problem)"
        }
    }
}
