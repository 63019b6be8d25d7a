import Foundation
import SOCModel
import SOCTemplates

/// Reusable countermeasure texts, per language and threat type (`Templates/recommendations.json`), which
/// the workbench inserts into a draft's recommended actions in one click, to be edited there. Every
/// threat type has texts in every language, or the file does not load.
public struct RecommendationLibrary: Sendable {
    private let texts: [Language: [ThreatType: [String]]]

    public static func load(from url: URL) throws -> RecommendationLibrary {
        let file = "Templates/\(url.lastPathComponent)"
        let decoded: [String: [String: [String]]]
        do { decoded = try JSONDecoder().decode([String: [String: [String]]].self, from: Data(contentsOf: url)) } catch
        {
            throw ResourceError.invalid(file: file, problem: "\(error)")
        }
        var texts: [Language: [ThreatType: [String]]] = [:]
        for language in Language.allCases {
            guard let byType = decoded[language.rawValue] else {
                throw ResourceError.invalid(file: file, problem: "no texts in \(language.rawValue)")
            }
            if let unknown = byType.keys.first(where: { ThreatType(rawValue: $0) == nil }) {
                throw ResourceError.invalid(
                    file: file, problem: "unknown threat type \"\(unknown)\" in \(language.rawValue)")
            }
            for type in ThreatType.allCases {
                guard let list = byType[type.rawValue], !list.isEmpty,
                    list.allSatisfy({ !$0.isEmpty && !$0.contains("\n") })
                else {
                    throw ResourceError.invalid(
                        file: file,
                        problem: "\(language.rawValue).\(type.rawValue): one or more texts of one line each are needed")
                }
                texts[language, default: [:]][type] = list
            }
        }
        return RecommendationLibrary(texts: texts)
    }

    public func texts(_ language: Language, _ type: ThreatType) -> [String] { texts[language]?[type] ?? [] }
}
