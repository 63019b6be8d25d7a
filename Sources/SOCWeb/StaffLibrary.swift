import Foundation
import HTTPTypes
import Hummingbird
import SOCModel
import SOCPages
import SOCStore
import SOCTemplates

/// The recommendation library: the texts shipped in `Templates/` and those leads added, by language and
/// threat type. Every staff member reads it; leads add, edit and remove their texts and hide shipped ones
/// from the drafts' library (shipped texts are not edited: `Templates/` is the place for that), each
/// change in the library's log.
extension StaffRoutes {
    /// The texts a draft's form offers: the shipped ones not hidden, then those leads added.
    func libraryTexts() async throws -> (Language, ThreatType) -> [String] {
        let added = try await store.addedRecommendations(), hidden = try await store.hiddenRecommendations()
        let shipped = responder.pages.recommendations
        return { language, type in
            shipped.texts(language, type).filter {
                !hidden.contains(RecommendationKey(language: language.rawValue, threatType: type.rawValue, text: $0))
            }
                + added.filter { $0.language == language.rawValue && $0.threatType == type.rawValue }.map(\.text)
        }
    }

    /// The library by language and threat type, with its log; a lead's page has a form for each text.
    func libraryPage(_ request: Request, _ session: PortalSession) async throws -> Response {
        let t = responder.pages.wording(await responder.language(request, session: session))
        let added = try await store.addedRecommendations(), hidden = try await store.hiddenRecommendations()
        let isLead = session.user.isLead
        let clock = TimeFormatter(zone: TimeZone(identifier: "UTC")!)
        let events = try await store.recommendationEvents(limit: 100)
        // One language at a time, the page's unless another is asked for.
        let shown = request.uri.queryParameters["language"].flatMap { Language(rawValue: String($0)) } ?? t.language
        let view: [String: Any] = [
            "canEdit": isLead,
            "languages": Language.allCases.map { language -> [String: Any] in
                [
                    "label": t["web.language." + language.rawValue], "value": language.rawValue,
                    "shown": language == shown,
                    "href": Self.libraryPath(language.rawValue),
                ]
            },
            "types": ThreatType.allCases.map { type -> [String: Any] in
                let shipped = responder.pages.recommendations.texts(shown, type).compactMap { text -> [String: Any]? in
                    let isHidden = hidden.contains(
                        RecommendationKey(language: shown.rawValue, threatType: type.rawValue, text: text))
                    return isHidden && !isLead ? nil : ["text": text, "hidden": isHidden]
                }
                let own = added.filter { $0.language == shown.rawValue && $0.threatType == type.rawValue }
                    .map { ["id": $0.id, "text": $0.text, "addedBy": $0.addedBy] as [String: Any] }
                return [
                    "label": t.threatType(type), "anchor": Self.libraryAnchor(shown.rawValue, type.rawValue),
                    "language": shown.rawValue, "threatType": type.rawValue, "shipped": shipped, "added": own,
                ]
            },
            "threatTypes": ThreatType.allCases.map { ["value": $0.rawValue, "label": t.threatType($0)] },
            "hasEvents": !events.isEmpty,
            "events": events.map { event -> [String: Any] in
                var row: [String: Any] = [
                    "at": Timestamp(rfc3339: event.recordedAt).map {
                        String(clock.dateTime($0.date).dropLast(3)) + " UTC"
                    } ?? event.recordedAt,
                    "action": t["web.libraryEvent." + event.action.rawValue], "actor": event.actor, "text": event.text,
                    "where":
                        (Language(rawValue: event.language).map { t["web.language." + $0.rawValue] } ?? event.language)
                        + " · " + (ThreatType(rawValue: event.threatType).map(t.threatType) ?? event.threatType),
                ]
                if let previous = event.previousText { row["previous"] = previous }
                return row
            },
        ]
        return responder.html(
            responder.pages.page(
                "library", language: t.language, title: t["web.libraryLabel"], viewer: responder.viewer(session),
                view: view))
    }

    /// A lead's change: `action=add` (a `text` for a `language` and `threatType`), `edit` or `remove` an
    /// added text (`id`, and `was`: its words as the lead read them, so that a change made meanwhile is
    /// not overwritten), `hide` or `show` a shipped text (`language`, `threatType`, `text`).
    func changeLibrary(_ request: Request, _ session: PortalSession) async throws -> Response {
        let values = try await formValues(request, session)
        let t = responder.pages.wording(await responder.language(request, session: session))
        let text = (values["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let language = Language(rawValue: values["language"] ?? ""),
            type = ThreatType(rawValue: values["threatType"] ?? "")
        let invalid = HTTPError(.badRequest, message: t["web.libraryInvalid"])
        let section: RecommendationKey
        do {
            switch values["action"] ?? "add" {
            case "add":
                guard let language, let type, !text.isEmpty, !text.contains("\n") else { throw invalid }
                section = RecommendationKey(language: language.rawValue, threatType: type.rawValue, text: text)
                try await store.addRecommendation(
                    language: language.rawValue, threatType: type.rawValue, text: text, by: session.user)
            case "edit":
                guard let id = Int64(values["id"] ?? ""), let was = values["was"], !text.isEmpty, !text.contains("\n")
                else { throw invalid }
                section = try await store.editRecommendation(id: id, from: was, to: text, by: session.user)
            case "remove":
                guard let id = Int64(values["id"] ?? ""), let was = values["was"] else { throw invalid }
                section = try await store.removeRecommendation(id: id, was: was, by: session.user)
            case let action where action == "hide" || action == "show":
                // Only a text that is shipped can be hidden.
                guard let language, let type, responder.pages.recommendations.texts(language, type).contains(text)
                else { throw HTTPError(.notFound) }
                section = RecommendationKey(language: language.rawValue, threatType: type.rawValue, text: text)
                try await store.setRecommendation(section, hidden: action == "hide", by: session.user)
            default:
                throw invalid
            }
        } catch let error as RecommendationError {
            switch error {
            case .notAllowed: throw HTTPError(.forbidden, message: error.description)
            case .unknown: throw HTTPError(.notFound, message: t["web.libraryGone"])
            case .stale(let current):
                throw HTTPError(.conflict, message: t.format("web.libraryStale", ["current": current]))
            }
        }
        return responder.redirect(
            Self.libraryPath(section.language) + "#" + Self.libraryAnchor(section.language, section.threatType))
    }

    static func libraryPath(_ language: String) -> String { "/staff/library?language=\(language)" }

    /// The element id of a language's threat type on the library page ("lib-ja-phishing").
    static func libraryAnchor(_ language: String, _ threatType: String) -> String { "lib-\(language)-\(threatType)" }
}
