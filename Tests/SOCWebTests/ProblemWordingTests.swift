import Foundation
import SOCModel
import SOCPages
import SOCTemplates
import Testing

@testable import SOCWeb

/// Every kind of problem is worded in every language, and the English wording is the validator's line
/// (but for a missing field, "Required." beside it), so the English page says what `validate` says.
@Suite struct ProblemWordingTests {
    /// One problem of every kind, with the values the validator gives it.
    static let examples: [Problem.Kind] = [
        .missingProperty(name: "summary"), .wrongType(expected: ["string", "null"], found: "number"),
        .notConstant(expected: "1", found: "2"), .notOneOf(value: #""orange""#, allowed: ["clear", "green", "amber"]),
        .empty,
        .tooShort(value: "ab", minimum: 3), .tooLong(length: 301, maximum: 300),
        .pattern(value: "acme 1", pattern: "^[A-Za-z0-9-]+$"),
        .dateTime(value: "2026-03-10", reason: "expected 'T' after the date"),
        .date(value: "2026-02-30", reason: "day 30 does not exist in a month of 28 days"),
        .belowMinimum(value: "-5", minimum: "0"), .aboveMaximum(value: "11", maximum: "10"), .emptyObject(minimum: 1),
        .tooFewProperties(count: 1, minimum: 2),
        .propertyName(.notOneOf(value: #""router""#, allowed: ["proxy", "ips"])),
        .unknownProperty(name: "colour"), .discriminator(property: "type", choices: ["a", "b"]), .noForm(count: 2),
        .severalForms,
        .order(
            later: "determinedAt", laterTime: "2026-03-10T09:00:00+09:00", earlier: "detectedAt",
            earlierTime: "2026-03-10T10:00:00+09:00"),
        .address(value: "10.0.0.300"), .network(value: "198.51.100.300"), .prefix(value: "10.0.0.0/x"),
        .prefixTooLong(value: "10.0.0.0/33", length: 33, family: "IPv4", maximum: 32), .timeZone(value: "Nowhere"),
        .duplicate(what: "incident id", id: "INC-1", firstAt: "$.incidents[0]"),
        .monthNotBefore(month: "2026-04", report: "2026-03"),
        .monthTwice(month: "2026-02"), .monthOrder(month: "2026-01", previous: "2026-02"), .revisionNote,
        .more(count: 7),
        .input("not valid JSON: line 1, column 2: expected a value"),
    ]

    @Test func everyKindHasAnExample() {
        #expect(Set(Self.examples.map(\.name)) == Set(Problem.Kind.Name.allCases))
    }

    @Test func everyKindIsWordedInEveryLanguage() throws {
        let pages = try PortalPages(home: ResourceHome.locate())
        for language in Language.allCases {
            let t = pages.wording(language)
            for kind in Self.examples {
                let text = ProblemWording.text(kind, t)
                #expect(
                    !text.contains("⟦") && !text.contains("{{") && !text.isEmpty, "\(language) \(kind.name): \(text)")
                // Every value the problem is about is in its wording, so the analyst sees which one is meant.
                for (name, value) in kind.values
                where kind.name != .missingProperty && (language == .en || name != "reason") {
                    #expect(text.contains(value), "\(language) \(kind.name) lacks \(name) \(value): \(text)")
                }
            }
        }
    }

    @Test func theEnglishWordingIsTheValidatorsLine() throws {
        let english = try PortalPages(home: ResourceHome.locate()).wording(.en)
        for kind in Self.examples where kind.name != .missingProperty {
            #expect(ProblemWording.text(kind, english) == kind.message)
        }
        #expect(ProblemWording.text(.missingProperty(name: "summary"), english) == "Required.")
    }

    @Test func japaneseIsJapanese() throws {
        let japanese = try PortalPages(home: ResourceHome.locate()).wording(.ja)
        #expect(
            ProblemWording.text(.network(value: "198.51.100.300"), japanese)
                == "\"198.51.100.300\" は IP アドレス（IPv4・IPv6）または CIDR ではありません。")
        #expect(
            ProblemWording.text(.propertyName(.notOneOf(value: #""router""#, allowed: ["proxy", "ips"])), japanese)
                == "項目名：\"router\" は選べません。次のどれかにしてください：proxy, ips")
    }
}
