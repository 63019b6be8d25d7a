import Foundation
import SOCLayout
import SOCModel

/// Colours, sizes, fonts and margins from `Templates/theme.json`.
public struct Theme: Sendable {
    /// `fill` behind `text` (badges, bars); `ink` for the level's name written on white paper, where a
    /// light fill such as amber would be too faint to read.
    public struct Swatch: Sendable {
        public var fill: Color; public var text: Color; public var ink: Color; public var hatch: Hatch
    }
    public struct Requirement: Sendable, Decodable { public var family: String; public var package: String }

    public var pageSize: Size
    public var margins: EdgeInsets
    public var sansFamilies: String
    public var monoFamilies: String
    public var requiredFonts: [Requirement]
    public var fallbackFonts: [String]
    public var sizes: Sizes
    public var colors: Colors
    public var severity: [Severity: Swatch]
    public var tlp: [TLP: Swatch]
    public var palette: [(color: Color, hatch: Hatch)]

    /// Font sizes in points: `sizes` in theme.json names exactly these.
    public struct Sizes: Sendable, Decodable, ClosedKeys {
        public var title, heading1, heading2, body, table, log, small, header, badge, kpiValue,
            chartLabel, chartTick, chartValue, chartLegend, chartNote: Double
        enum CodingKeys: String, CodingKey {
            case title, heading1, heading2, body, table, log, small, header, badge, kpiValue,
                chartLabel, chartTick, chartValue, chartLegend, chartNote
        }
    }

    /// `colors` in theme.json names exactly these.
    public struct Colors: Sendable, Decodable, ClosedKeys {
        public var text, muted, accent, rule, grid, tableHeader, stripe, keyColumn, callout, found, notFound,
            stagePassed, stagePending, stageReached, met, missed: Color
        enum CodingKeys: String, CodingKey {
            case text, muted, accent, rule, grid, tableHeader, stripe, keyColumn, callout, found, notFound,
                stagePassed, stagePending, stageReached, met, missed
        }
    }

    public static func load(from url: URL) throws -> Theme {
        let file = url.path
        let raw: Raw
        do { raw = try JSONDecoder().decode(Raw.self, from: Data(contentsOf: url)) } catch {
            throw ResourceError.invalid(file: file, error)
        }
        func hatch(_ name: String?, _ what: String) throws -> Hatch {
            guard let h = Hatch(rawValue: name ?? "none") else {
                throw ResourceError.invalid(file: file, problem: "\(what): unknown hatch '\(name ?? "")'")
            }
            return h
        }
        func swatch(_ s: Raw.Swatch, _ what: String) throws -> Swatch {
            Swatch(fill: s.fill, text: s.text, ink: s.ink ?? s.fill, hatch: try hatch(s.hatch, what))
        }
        var severity: [Severity: Swatch] = [:]
        for level in Severity.allCases {
            guard let s = raw.severity[level.rawValue] else {
                throw ResourceError.invalid(file: file, problem: "severity.\(level.rawValue) is missing")
            }
            severity[level] = try swatch(s, "severity.\(level.rawValue)")
        }
        var tlp: [TLP: Swatch] = [:]
        for marking in TLP.allCases {
            guard let s = raw.tlp[marking.rawValue] else {
                throw ResourceError.invalid(file: file, problem: "tlp.\(marking.rawValue) is missing")
            }
            tlp[marking] = try swatch(s, "tlp.\(marking.rawValue)")
        }
        let m = raw.page.margins
        return Theme(
            pageSize: Size(width: raw.page.width, height: raw.page.height),
            margins: EdgeInsets(top: m.top, right: m.right, bottom: m.bottom, left: m.left),
            sansFamilies: raw.fonts.sans, monoFamilies: raw.fonts.mono,
            requiredFonts: raw.fonts.required, fallbackFonts: raw.fonts.fallbacks,
            sizes: raw.sizes.value, colors: raw.colors.value,
            severity: severity, tlp: tlp,
            palette: try raw.palette.enumerated().map { i, p in (p.color, try hatch(p.hatch, "palette[\(i)]")) })
    }

    private struct Raw: Decodable {
        struct Margins: Decodable { var top, right, bottom, left: Double }
        struct Page: Decodable { var width, height: Double; var margins: Margins }
        struct Fonts: Decodable { var sans, mono: String; var required: [Requirement]; var fallbacks: [String] }
        struct Swatch: Decodable { var fill, text: Color; var ink: Color?; var hatch: String? }
        struct PaletteEntry: Decodable { var color: Color; var hatch: String? }
        var page: Page
        var fonts: Fonts
        var sizes: Exact<Sizes>
        var colors: Exact<Colors>
        var severity: [String: Swatch]
        var tlp: [String: Swatch]
        var palette: [PaletteEntry]
    }
}

/// A type whose coding keys are the only keys its JSON object may have.
protocol ClosedKeys: Decodable {
    associatedtype CodingKeys: CodingKey
}

/// A JSON object decoded as `T`, refused when it has a key `T` does not know: a typo in theme.json
/// is a load error naming the key, not a default.
struct Exact<T: ClosedKeys>: Decodable {
    var value: T

    init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.sorted { $0.stringValue < $1.stringValue }
        if let unknown = keys.first(where: { T.CodingKeys(stringValue: $0.stringValue) == nil }) {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath + [unknown as any CodingKey], debugDescription: "unknown key"))
        }
        value = try T(from: decoder)
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
