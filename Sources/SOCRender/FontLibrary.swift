import CFontconfig
import Foundation

/// The fonts a report may use, chosen by the project rather than by whatever the machine has: an
/// application fontconfig configuration that accepts only the families the theme names (from Debian's
/// packages) and the families of the files in the project's `Fonts/` folder, so the same input gives the same PDF on
/// every machine with the project's packages.
public final class FontLibrary: @unchecked Sendable {
    /// A family the reports need and the Debian package that provides it.
    public struct Requirement: Sendable {
        public var family: String
        public var package: String
        public init(family: String, package: String) { self.family = family; self.package = package }
    }

    let config: OpaquePointer
    private let coverage: OpaquePointer

    /// - Parameters:
    ///   - required: families that must be present; a missing one is an error naming its package.
    ///   - fontsDirectory: the project's `Fonts/` folder; every font file in it is accepted too.
    public init(
        required: [Requirement], fallbacks: [String], fontsDirectory: URL?,
        systemDirectories: [String] = ["/usr/share/fonts", "/usr/local/share/fonts"]
    ) throws {
        guard let config = FcConfigCreate() else {
            throw RenderError.fontConfiguration("cannot create a configuration")
        }
        self.config = config
        let projectFonts = fontsDirectory?.standardizedFileURL.path
        let xml = Self.configuration(
            families: required.map(\.family) + fallbacks + Self.families(in: projectFonts),
            directories: systemDirectories, projectFonts: projectFonts)
        guard FcConfigParseAndLoadFromMemory(config, xml, 1) == 1, FcConfigBuildFonts(config) == 1 else {
            FcConfigDestroy(config)
            throw RenderError.fontConfiguration("the application configuration was not accepted")
        }
        for requirement in required where !Self.has(family: requirement.family, in: config) {
            FcConfigDestroy(config)
            throw RenderError.fontMissing(family: requirement.family, package: requirement.package)
        }
        coverage = Self.unionCharset(config)
    }

    deinit {
        FcCharSetDestroy(coverage)
        FcConfigDestroy(config)
    }

    /// Whether any accepted font has a glyph for `scalar`.
    public func covers(_ scalar: Unicode.Scalar) -> Bool {
        FcCharSetHasChar(coverage, scalar.value) == 1
    }

    /// Family names and files of every font the configuration accepts (for diagnostics and tests).
    public var acceptedFonts: [(family: String, file: String)] {
        var result: [(String, String)] = []
        forEachFont(config) { pattern in
            var family: UnsafeMutablePointer<FcChar8>?
            var file: UnsafeMutablePointer<FcChar8>?
            FcPatternGetString(pattern, FC_FAMILY, 0, &family)
            FcPatternGetString(pattern, FC_FILE, 0, &file)
            result.append((family.map { String(cString: $0) } ?? "?", file.map { String(cString: $0) } ?? "?"))
        }
        return result
    }

    private static func configuration(families: [String], directories: [String], projectFonts: String?) -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        }
        let dirs = (directories + [projectFonts].compactMap { $0 }).map { "<dir>\(escape($0))</dir>" }.joined()
        let accepted = families.map {
            "<pattern><patelt name=\"family\"><string>\(escape($0))</string></patelt></pattern>"
        }.joined()
        let home =
            ProcessInfo.processInfo.environment["HOME"].map { "<cachedir>\(escape($0))/.cache/fontconfig</cachedir>" }
            ?? ""
        return """
            <?xml version="1.0"?>
            <!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
            <fontconfig>\(dirs)<cachedir>/var/cache/fontconfig</cachedir>\(home)
            <selectfont><acceptfont>\(accepted)</acceptfont><rejectfont><pattern/></rejectfont></selectfont>
            </fontconfig>
            """
    }

    /// Family names of the font files in the project's folder, so that they are accepted too.
    private static func families(in directory: String?) -> [String] {
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            return []
        }
        var families: [String] = []
        for name in names.sorted() where [".ttf", ".otf", ".ttc", ".otc"].contains(where: name.lowercased().hasSuffix) {
            let path = directory + "/" + name
            var count: Int32 = 0
            guard let pattern = FcFreeTypeQuery(path, 0, nil, &count) else { continue }
            var family: UnsafeMutablePointer<FcChar8>?
            if FcPatternGetString(pattern, FC_FAMILY, 0, &family) == FcResultMatch, let family {
                families.append(String(cString: family))
            }
            FcPatternDestroy(pattern)
        }
        return families
    }

    private static func has(family: String, in config: OpaquePointer) -> Bool {
        var found = false
        family.withCString { name in
            guard let pattern = FcPatternCreate() else { return }
            defer { FcPatternDestroy(pattern) }
            name.withMemoryRebound(to: FcChar8.self, capacity: family.utf8.count + 1) {
                _ = FcPatternAddString(pattern, FC_FAMILY, $0)
            }
            forEachFont(config, matching: pattern) { _ in found = true }
        }
        return found
    }

    private static func unionCharset(_ config: OpaquePointer) -> OpaquePointer {
        let union = FcCharSetCreate()!
        forEachFont(config, objects: [FC_CHARSET]) { pattern in
            var charset: OpaquePointer?
            if FcPatternGetCharSet(pattern, FC_CHARSET, 0, &charset) == FcResultMatch, let charset {
                FcCharSetMerge(union, charset, nil)
            }
        }
        return union
    }
}

/// Calls `body` with every font of `config` matching `pattern` (all fonts when nil).
private func forEachFont(
    _ config: OpaquePointer, matching pattern: OpaquePointer? = nil,
    objects: [String] = [FC_FAMILY, FC_FILE], _ body: (OpaquePointer) -> Void
) {
    let all = pattern == nil ? FcPatternCreate() : nil
    defer { if let all { FcPatternDestroy(all) } }
    guard let objectSet = FcObjectSetCreate() else { return }
    defer { FcObjectSetDestroy(objectSet) }
    for object in objects { _ = FcObjectSetAdd(objectSet, object) }
    guard let fonts = FcFontList(config, pattern ?? all, objectSet) else { return }
    defer { FcFontSetDestroy(fonts) }
    for i in 0..<Int(fonts.pointee.nfont) {
        if let font = fonts.pointee.fonts[i] { body(font) }
    }
}
