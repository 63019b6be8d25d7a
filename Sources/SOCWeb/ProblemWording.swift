import Foundation
import SOCModel
import SOCTemplates

/// A problem of a draft in the analyst's language: its kind's wording (`web.problem.<kind>` of
/// `Templates/<lang>.json`) with the values it is about. The English wording is the validator's line, but
/// for a missing field, which the page marks "Required." beside it.
enum ProblemWording {
    static func text(_ problem: Problem, _ t: Wording) -> String { text(problem.kind, t) }

    static func text(_ kind: Problem.Kind, _ t: Wording) -> String {
        var values: [String: Any] = kind.values
        // A property name's problem is worded as any value's, after what it is about.
        if case .propertyName(let inner) = kind { values["problem"] = text(inner, t) }
        return t.format("web.problem." + kind.name.rawValue, values)
    }
}
