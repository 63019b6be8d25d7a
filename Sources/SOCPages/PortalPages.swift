import Foundation
import Mustache
import SOCLayout
import SOCModel
import SOCTemplates

/// The portal's HTML: `Templates/web/*.mustache`, worded by `Templates/<lang>.json` (the `web.` labels) and
/// coloured by `Templates/theme.json`. Mustache escapes every `{{value}}`; the only unescaped insertions
/// are the page body this type rendered itself and the stylesheet it built from the theme.
public struct PortalPages: Sendable {
    public let wordings: [Language: Wording]
    /// Each language's `web.` labels as templates read them (`t.<label>`), made once rather than per page.
    private let webLabels: [Language: [String: String]]
    let library: MustacheLibrary
    /// `portal.css` with a class per severity and TLP marking in the theme's colours.
    public let stylesheet: String
    /// The pages' scripts by file name (`Templates/web/*.js`), served as static files: the policy allows no inline script.
    public let scripts: [String: String]
    /// The workbench's reusable recommendation texts.
    public let recommendations: RecommendationLibrary

    public init(home: ResourceHome) throws {
        wordings = try Wording.loadAll(from: home.templates)
        webLabels = wordings.mapValues { $0.labels(prefix: "web.") }
        let theme = try Theme.load(from: home.templates.appendingPathComponent("theme.json"))
        let folder = home.templates.appendingPathComponent("web")
        var library = MustacheLibrary()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".mustache")
        }
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
        var scripts: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".js") {
            scripts[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        for required in Self.scriptNames where scripts[required] == nil {
            throw ResourceError.invalid(file: "Templates/web/\(required)", problem: "missing")
        }
        self.scripts = scripts
        recommendations = try RecommendationLibrary.load(
            from: home.templates.appendingPathComponent("recommendations.json"))
    }

    static let templateNames = [
        "layout", "login", "reports", "report", "rows", "tenants", "password", "message", "index", "ack", "board",
        "staff", "draft", "staffIncident", "library",
    ]
    static let scriptNames = ["board.js", "clock.js"]

    public func wording(_ language: Language) -> Wording { wordings[language]! }

    /// Who is signed in, for the page header.
    public struct Viewer: Sendable {
        public var email: String
        public var csrfToken: String
        /// Staff see the operations board's link.
        public var isStaff: Bool
        public init(email: String, csrfToken: String, isStaff: Bool = false) {
            self.email = email; self.csrfToken = csrfToken; self.isStaff = isStaff
        }
        var view: [String: Any] { ["email": email, "csrf": csrfToken, "staff": isStaff] }
    }

    /// A whole page: `template` rendered with `view`, inside the layout. `view` may use `t.<label>` for
    /// every `web.` label of the language, and name a script of `scripts` as `script`.
    public func page(
        _ template: String, language: Language, title: String, tenantName: String? = nil,
        viewer: Viewer? = nil, inlineStylesheet: Bool = false, view: [String: Any] = [:]
    ) -> String {
        var context = self.context(view, language: language, title: title, tenantName: tenantName)
        if let viewer { context["viewer"] = viewer.view }
        if inlineStylesheet { context["inlineCSS"] = stylesheet }
        context["body"] = library.render(context, withTemplate: template) ?? ""
        return library.render(context, withTemplate: "layout") ?? ""
    }

    /// A page's body alone, for a caller that keeps it: the same for every viewer, so `template` may not
    /// use `viewer`. `layout(body:…)` puts it in a whole page.
    public func body(_ template: String, language: Language, title: String, view: [String: Any]) -> String {
        library.render(context(view, language: language, title: title, tenantName: nil), withTemplate: template) ?? ""
    }

    /// A whole page around a `body` rendered before.
    public func layout(
        body: String, language: Language, title: String, tenantName: String? = nil, viewer: Viewer? = nil
    ) -> String {
        var context = self.context([:], language: language, title: title, tenantName: tenantName)
        if let viewer { context["viewer"] = viewer.view }
        context["body"] = body
        return library.render(context, withTemplate: "layout") ?? ""
    }

    private func context(_ view: [String: Any], language: Language, title: String, tenantName: String?) -> [String: Any]
    {
        var context = view
        context["t"] = webLabels[language]
        context["lang"] = language.rawValue
        context["title"] = title
        context["tenantName"] = tenantName
        return context
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
