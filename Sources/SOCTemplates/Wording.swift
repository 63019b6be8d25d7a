import Foundation
import Mustache
import SOCModel

/// A language's labels and sentence templates from `Templates/<lang>.json`. Sentences are Mustache
/// templates rendered as plain text, so translators can reorder the values freely.
public struct Wording: Sendable {
    public let language: Language
    private let labels: [String: String]
    private let templates: [String: MustacheTemplate]
    private let vocabularies: [String: [String: String]]

    /// A label; a key missing from the file shows as "⟦key⟧" (the loader checks all languages agree).
    public subscript(_ key: String) -> String { labels[key] ?? "⟦\(key)⟧" }

    /// The labels whose key starts with `prefix`, keyed by the rest: for templates, where a dot would read as a path.
    public func labels(prefix: String) -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: labels.filter { $0.key.hasPrefix(prefix) }.map {
                (String($0.key.dropFirst(prefix.count)), $0.value)
            })
    }

    /// Renders template `key` with `values`.
    public func format(_ key: String, _ values: [String: Any] = [:]) -> String {
        templates[key]?.render(values) ?? "⟦\(key)⟧"
    }

    /// "第2報" / "2nd report".
    public func revision(_ n: Int) -> String { format("revision", ["n": n, "ordinal": ordinal(n)]) }

    /// "1st", "2nd", "11th": the number and its suffix for its English ordinal category.
    public func ordinal(_ n: Int) -> String { "\(n)" + term("ordinal", OrdinalCategory(n).rawValue) }

    /// "16分", "12分30秒", "1時間5分" — "16 min", "12 min 30 s", "1 h 5 min".
    public func duration(seconds s: Int) -> String {
        if s >= 3600 { return format("duration.hours", ["h": s / 3600, "m": s % 3600 / 60]) }
        // A template section shows for any value given, so zero seconds are left out rather than passed empty.
        var values: [String: Any] = ["m": s / 60]
        if s % 60 != 0 { values["s"] = String(s % 60) }
        return format("duration.minutes", values)
    }

    /// "2026年3月" — "March 2026".
    public func month(_ m: YearMonth) -> String {
        format("monthly.month", ["year": m.year, "month": m.month, "monthName": monthName(m.month)])
    }

    /// "March" / "3月" for month 3.
    public func monthName(_ month: Int) -> String { term("month", String(month)) }
    /// "Mar" / "3月" for month 3.
    public func monthAbbreviation(_ month: Int) -> String { term("monthAbbreviation", String(month)) }

    public func severity(_ s: Severity) -> String { term("severity", s.rawValue) }
    public func threatType(_ t: ThreatType) -> String { term("threatType", t.rawValue) }
    public func stage(_ s: KillChainStage) -> String { term("stage", s.rawValue) }
    public func action(_ a: LogAction) -> String { term("action", a.rawValue) }
    public func logSource(_ s: LogSource) -> String { term("logSource", s.rawValue) }
    public func priority(_ p: AdvicePriority) -> String { term("priority", p.rawValue) }

    private func term(_ vocabulary: String, _ value: String) -> String { vocabularies[vocabulary]?[value] ?? value }

    /// Every vocabulary and the values it must translate.
    static let requiredVocabularies: [String: [String]] = [
        "severity": Severity.allCases.map(\.rawValue), "threatType": ThreatType.allCases.map(\.rawValue),
        "stage": KillChainStage.allCases.map(\.rawValue), "action": LogAction.allCases.map(\.rawValue),
        "logSource": LogSource.allCases.map(\.rawValue), "priority": AdvicePriority.allCases.map(\.rawValue),
        "month": (1...12).map(String.init), "monthAbbreviation": (1...12).map(String.init),
        "ordinal": OrdinalCategory.allCases.map(\.rawValue),
    ]

    /// Loads every language and checks that they define the same labels and templates, and every term.
    public static func loadAll(from directory: URL) throws -> [Language: Wording] {
        var result: [Language: Wording] = [:]
        for language in Language.allCases {
            result[language] = try load(
                directory.appendingPathComponent("\(language.rawValue).json"), language: language)
        }
        let reference = result[.ja]!
        for (language, wording) in result where language != .ja {
            for (kind, a, b) in [
                ("label", Set(reference.labels.keys), Set(wording.labels.keys)),
                ("template", Set(reference.templates.keys), Set(wording.templates.keys)),
            ] where a != b {
                let missing = a.symmetricDifference(b).sorted().joined(separator: ", ")
                throw ResourceError.invalid(
                    file: "Templates/\(language.rawValue).json", problem: "\(kind)s differ from ja.json: \(missing)")
            }
        }
        return result
    }

    static func load(_ url: URL, language: Language) throws -> Wording {
        struct Raw: Decodable {
            var labels: [String: String]
            var templates: [String: String]
            var severity, threatType, stage, action, logSource, priority, month, monthAbbreviation,
                ordinal: [String: String]
        }
        let raw: Raw
        do { raw = try JSONDecoder().decode(Raw.self, from: Data(contentsOf: url)) } catch {
            throw ResourceError.invalid(file: url.path, error)
        }
        let vocabularies = [
            "severity": raw.severity, "threatType": raw.threatType, "stage": raw.stage,
            "action": raw.action, "logSource": raw.logSource, "priority": raw.priority,
            "month": raw.month, "monthAbbreviation": raw.monthAbbreviation, "ordinal": raw.ordinal,
        ]
        for (name, values) in requiredVocabularies {
            let missing = values.filter { vocabularies[name]?[$0] == nil }
            if !missing.isEmpty {
                throw ResourceError.invalid(file: url.path, problem: "\(name) lacks \(missing.joined(separator: ", "))")
            }
        }
        var templates: [String: MustacheTemplate] = [:]
        for (key, text) in raw.templates {
            do { templates[key] = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text) } catch {
                throw ResourceError.invalid(file: url.path, problem: "template \(key): \(error)")
            }
        }
        return Wording(language: language, labels: raw.labels, templates: templates, vocabularies: vocabularies)
    }
}

/// The English ordinal category of `n` (as CLDR names them): one for 1st and 21st, two for 2nd, few for 3rd,
/// other for the rest, 11th to 13th among them. The suffix of each is a word in `Templates/<lang>.json`.
enum OrdinalCategory: String, CaseIterable {
    case one, two, few, other

    init(_ n: Int) {
        switch (n % 10, n % 100) {
        case (_, 11...13): self = .other
        case (1, _): self = .one
        case (2, _): self = .two
        case (3, _): self = .few
        default: self = .other
        }
    }
}
