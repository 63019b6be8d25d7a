import Foundation
import SOCModel
import SOCTemplates

/// A problem of a draft in the analyst's language. The validator words its problems in English, the
/// lines `validate` and the API print; the workbench shows each kind of them in the page's language
/// (`web.problem.*`), the value it is about in front, and the English line where no kind matches.
enum ProblemWording {
    /// Each kind of problem by the validator's wording of it, and its label.
    private static let kinds: [(matches: @Sendable (String) -> Bool, label: String)] = [
        ({ $0.hasPrefix("expected ") }, "web.problem.type"),
        ({ $0.contains(" is not one of ") }, "web.problem.choice"),
        ({ $0.contains("is not an RFC 3339 date-time") }, "web.problem.time"),
        ({ $0.contains(" does not match the pattern ") }, "web.problem.pattern"),
        ({ $0.contains(" characters long, more than the maximum ") || $0.contains(" is shorter than the minimum length ") }, "web.problem.length"),
        ({ $0.contains(" is below the minimum ") || $0.contains(" is above the maximum ") }, "web.problem.range"),
        ({ $0.hasPrefix("unknown property ") }, "web.problem.unknown"),
        ({ $0.hasPrefix("must not be empty") }, "web.problem.empty"),
        ({ $0.contains(" is not an IPv4 or IPv6 address") || $0.contains(" has no valid prefix length") }, "web.problem.address"),
        ({ $0.range(of: #"^\w+ \S+ is before \w+ \S+$"#, options: .regularExpression) != nil }, "web.problem.order"),
        ({ $0.hasPrefix("a follow-up report says what changed") }, "web.problem.revisionNote"),
    ]

    static func text(_ problem: Problem, _ t: Wording) -> String {
        if problem.isMissingProperty { return t["web.problemMissing"] }
        guard t.language != .en, let kind = kinds.first(where: { $0.matches(problem.message) }) else { return problem.message }
        // The value the validator quotes first, so that the analyst sees which one is meant.
        let value = problem.message.range(of: #"^"(?:[^"\\]|\\.)*""#, options: .regularExpression).map { String(problem.message[$0]) + ": " }
        return (value ?? "") + t[kind.label]
    }
}
