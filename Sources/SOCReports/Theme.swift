import Foundation
import SOCLayout
import SOCModel

/// Colours, sizes, fonts and margins from `Templates/theme.json`.
public struct Theme: Sendable {
    /// `fill` behind `text` (badges, bars); `ink` for the level's name written on white paper, where a
    /// light fill such as amber would be too faint to read.
    public struct Swatch: Sendable { public var fill: Color; public var text: Color; public var ink: Color; public var hatch: Hatch }
    public struct Requirement: Sendable, Decodable { public var family: String; public var package: String }

    public var pageSize: Size
    public var margins: EdgeInsets
    public var sansFamilies: String
    public var monoFamilies: String
    public var requiredFonts: [Requirement]
    public var fallbackFonts: [String]
    public var sizes: [String: Double]
    public var colors: [String: Color]
    public var severity: [Severity: Swatch]
    public var tlp: [TLP: Swatch]
    public var palette: [(color: Color, hatch: Hatch)]

    public func size(_ key: String) -> Double { sizes[key] ?? 9 }
    public func color(_ key: String) -> Color { colors[key] ?? .black }

    public static func load(from url: URL) throws -> Theme {
        let file = url.lastPathComponent
        let raw: Raw
        do { raw = try JSONDecoder().decode(Raw.self, from: Data(contentsOf: url)) } catch {
            throw ResourceError.invalid(file: url.path, problem: "\(error)")
        }
        func color(_ hex: String, _ what: String) throws -> Color {
            guard let c = Color(hex: hex) else { throw ResourceError.invalid(file: file, problem: "\(what): '\(hex)' is not a #RRGGBB colour") }
            return c
        }
        func hatch(_ name: String?, _ what: String) throws -> Hatch {
            guard let h = Hatch(rawValue: name ?? "none") else { throw ResourceError.invalid(file: file, problem: "\(what): unknown hatch '\(name ?? "")'") }
            return h
        }
        func swatch(_ s: Raw.Swatch, _ what: String) throws -> Swatch {
            let fill = try color(s.fill, what)
            return Swatch(fill: fill, text: try color(s.text, what), ink: try s.ink.map { try color($0, what) } ?? fill,
                          hatch: try hatch(s.hatch, what))
        }
        var severity: [Severity: Swatch] = [:]
        for level in Severity.allCases {
            guard let s = raw.severity[level.rawValue] else { throw ResourceError.invalid(file: file, problem: "severity.\(level.rawValue) is missing") }
            severity[level] = try swatch(s, "severity.\(level.rawValue)")
        }
        var tlp: [TLP: Swatch] = [:]
        for marking in TLP.allCases {
            guard let s = raw.tlp[marking.rawValue] else { throw ResourceError.invalid(file: file, problem: "tlp.\(marking.rawValue) is missing") }
            tlp[marking] = try swatch(s, "tlp.\(marking.rawValue)")
        }
        let m = raw.page.margins
        return Theme(
            pageSize: Size(width: raw.page.width, height: raw.page.height),
            margins: EdgeInsets(top: m.top, right: m.right, bottom: m.bottom, left: m.left),
            sansFamilies: raw.fonts.sans, monoFamilies: raw.fonts.mono,
            requiredFonts: raw.fonts.required, fallbackFonts: raw.fonts.fallbacks,
            sizes: raw.sizes,
            colors: try raw.colors.mapValues { try color($0, "colors") },
            severity: severity, tlp: tlp,
            palette: try raw.palette.enumerated().map { i, p in (try color(p.color, "palette[\(i)]"), try hatch(p.hatch, "palette[\(i)]")) })
    }

    private struct Raw: Decodable {
        struct Margins: Decodable { var top, right, bottom, left: Double }
        struct Page: Decodable { var width, height: Double; var margins: Margins }
        struct Fonts: Decodable { var sans, mono: String; var required: [Requirement]; var fallbacks: [String] }
        struct Swatch: Decodable { var fill, text: String; var ink, hatch: String? }
        struct PaletteEntry: Decodable { var color: String; var hatch: String? }
        var page: Page
        var fonts: Fonts
        var sizes: [String: Double]
        var colors: [String: String]
        var severity: [String: Swatch]
        var tlp: [String: Swatch]
        var palette: [PaletteEntry]
    }
}
