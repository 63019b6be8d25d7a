import Foundation

/// Where the project's `Templates/` and `Fonts/` are: `$SOCREPORT_HOME`, or the nearest folder holding
/// `Templates/theme.json` above the executable (a build in `.build/…`) or above the working directory.
public struct ResourceHome: Sendable {
    public let root: URL
    public init(root: URL) { self.root = root }

    public var templates: URL { root.appendingPathComponent("Templates") }
    public var fonts: URL { root.appendingPathComponent("Fonts") }

    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> ResourceHome
    {
        if let home = environment["SOCREPORT_HOME"] {
            let url = URL(fileURLWithPath: home)
            guard isHome(url) else {
                throw ResourceError.notFound("SOCREPORT_HOME=\(home) has no Templates/theme.json")
            }
            return ResourceHome(root: url)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let starts = [
            executable.deletingLastPathComponent(), URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        ]
        for start in starts {
            var dir = start.standardizedFileURL
            while true {
                if isHome(dir) { return ResourceHome(root: dir) }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        throw ResourceError.notFound(
            "no Templates/theme.json above \(executable.path) or the working directory; set SOCREPORT_HOME")
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

extension ResourceError {
    /// A decoding error as one line naming the JSON path: "colors.met is missing", "sizes.titel: unknown key".
    static func invalid(file: String, _ error: any Error) -> ResourceError {
        guard let error = error as? DecodingError else { return .invalid(file: file, problem: "\(error)") }
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { path, key in
                key.intValue.map { path + "[\($0)]" } ?? (path.isEmpty ? key.stringValue : path + "." + key.stringValue)
            }
        }
        func located(_ context: DecodingError.Context) -> String {
            context.codingPath.isEmpty
                ? context.debugDescription : path(context.codingPath) + ": " + context.debugDescription
        }
        switch error {
        case let .keyNotFound(key, context):
            return .invalid(file: file, problem: path(context.codingPath + [key]) + " is missing")
        case let .dataCorrupted(context), let .typeMismatch(_, context), let .valueNotFound(_, context):
            return .invalid(file: file, problem: located(context))
        @unknown default: return .invalid(file: file, problem: "\(error)")
        }
    }
}
