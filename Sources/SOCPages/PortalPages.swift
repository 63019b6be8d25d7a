import Foundation
import Mustache
import SOCLayout
import SOCModel
import SOCReports

/// The portal's HTML: `Templates/web/*.mustache`, worded by `Templates/<lang>.json` (the `web.` labels) and
/// coloured by `Templates/theme.json`. Mustache escapes every `{{value}}`; the only unescaped insertions
/// are the page body this type rendered itself and the stylesheet it built from the theme.
public struct PortalPages: Sendable {
    public let wordings: [Language: Wording]
    let library: MustacheLibrary
    /// `portal.css` with a class per severity and TLP marking in the theme's colours.
    public let stylesheet: String
    /// `clock.js`, which ticks the workbench's 15-minute clocks: the only script, a static file.
    public let clockScript: String
    /// The workbench's reusable recommendation texts.
    public let recommendations: RecommendationLibrary

    public init(home: ResourceHome) throws {
        wordings = try Wording.loadAll(from: home.templates)
        let theme = try Theme.load(from: home.templates.appendingPathComponent("theme.json"))
        let folder = home.templates.appendingPathComponent("web")
        var library = MustacheLibrary()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            do { try library.register(text, named: String(name.dropLast(".mustache".count))) } catch {
                throw ResourceError.invalid(file: "Templates/web/\(name)", problem: "\(error)")
            }
        }
        for required in Self.templateNames where library.getTemplate(named: required) == nil {
            throw ResourceError.invalid(file: "Templates/web/\(required).mustache", problem: "missing")
        }
        self.library = library
        let base = try String(contentsOf: folder.appendingPathComponent("portal.css"), encoding: .utf8)
        stylesheet = base + Self.swatchRules(theme)
        clockScript = try String(contentsOf: folder.appendingPathComponent("clock.js"), encoding: .utf8)
        recommendations = try RecommendationLibrary.load(from: home.templates.appendingPathComponent("recommendations.json"))
    }

    static let templateNames = ["layout", "login", "reports", "report", "rows", "tenants", "password", "message", "index", "staff", "draft", "staffIncident", "library"]

    public func wording(_ language: Language) -> Wording { wordings[language]! }

    /// Who is signed in, for the page header.
    public struct Viewer: Sendable {
        public var email: String
        public var csrfToken: String
        /// Staff get a link to the workbench.
        public var isStaff: Bool
        public init(email: String, csrfToken: String, isStaff: Bool = false) { self.email = email; self.csrfToken = csrfToken; self.isStaff = isStaff }
    }

    /// A whole page: `template` rendered with `view`, inside the layout. `view` may use `t.<label>` for
    /// every `web.` label of the language.
    public func page(_ template: String, language: Language, title: String, tenantName: String? = nil,
                     viewer: Viewer? = nil, inlineStylesheet: Bool = false, view: [String: Any] = [:]) -> String {
        var context = view
        context["t"] = wording(language).labels(prefix: "web.")
        context["lang"] = language.rawValue
        context["title"] = title
        context["tenantName"] = tenantName
        if let viewer { context["viewer"] = ["email": viewer.email, "csrf": viewer.csrfToken, "staff": viewer.isStaff] }
        if inlineStylesheet { context["inlineCSS"] = stylesheet }
        context["body"] = library.render(context, withTemplate: template) ?? ""
        return library.render(context, withTemplate: "layout") ?? ""
    }

    private static func swatchRules(_ theme: Theme) -> String {
        var css = "\n/* From Templates/theme.json */\n"
        for severity in Severity.allCases {
            let s = theme.severity[severity]!
            css += ".sev-\(severity.rawValue){background:\(hex(s.fill));color:\(hex(s.text))}\n"
        }
        for tlp in TLP.allCases {
            let s = theme.tlp[tlp]!
            css += ".tlp-\(cssName(tlp)){background:\(hex(s.fill));color:\(hex(s.text))}\n"
        }
        return css
    }

    /// "amber+strict" → "amber-strict": a class name without an escape.
    static func cssName(_ tlp: TLP) -> String { tlp.rawValue.replacingOccurrences(of: "+", with: "-") }

    private static func hex(_ c: Color) -> String {
        func byte(_ v: Double) -> String {
            let s = String(Int((v * 255).rounded()), radix: 16, uppercase: true)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + byte(c.red) + byte(c.green) + byte(c.blue)
    }
}
