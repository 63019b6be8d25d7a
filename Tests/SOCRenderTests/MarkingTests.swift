import Foundation
import SOCEngine
import SOCModel
import SOCRender
import Testing

/// A monthly report is marked at least as restrictively as anything it shows: the highest TLP of its
/// incidents, AMBER when none is higher; the bundle's own `tlp` may raise that, never lower it.
@Suite struct MarkingTests {
    func marking(bundleTLP: String?, incidentTLPs: [String?]) throws -> String {
        var object = try bundleObject("acme-motor-2026-03")
        var incidents = object["incidents"] as! [[String: Any]]
        incidents = zip(incidents, incidentTLPs).map { incident, tlp in
            var incident = incident
            incident["tlp"] = tlp
            return incident
        }
        object["incidents"] = incidents
        object["tlp"] = bundleTLP
        return try makeEngine().monthlyDocument(try monthly(from: object)).frame.tlp.text
    }

    @Test func aRedIncidentMakesTheMonthRed() throws {
        #expect(try marking(bundleTLP: nil, incidentTLPs: ["green", "red", nil]) == "TLP:RED")
        #expect(try marking(bundleTLP: "clear", incidentTLPs: ["red"]) == "TLP:RED", "a bundle setting never lowers it")
    }

    @Test func amberUnlessSomethingIsHigher() throws {
        #expect(try marking(bundleTLP: nil, incidentTLPs: ["clear", "green"]) == "TLP:AMBER")
        #expect(try marking(bundleTLP: nil, incidentTLPs: ["amber+strict", "green"]) == "TLP:AMBER+STRICT")
        #expect(
            try marking(bundleTLP: "amber+strict", incidentTLPs: ["green"]) == "TLP:AMBER+STRICT",
            "a bundle setting raises it")
    }

    @Test func everyPageOfTheRedMonthSaysSo() throws {
        var object = try bundleObject("acme-motor-2026-03")
        var incidents = object["incidents"] as! [[String: Any]]
        incidents[0]["tlp"] = "red"
        object["incidents"] = incidents
        let rendered = try RenderedMonthly(try monthly(from: object))
        defer { rendered.remove() }
        #expect(rendered.text.components(separatedBy: "TLP:RED").count - 1 == rendered.pageCount)
        #expect(!rendered.text.contains("TLP:AMBER"))
    }

    @Test func anUnknownMarkingIsRefusedByPath() throws {
        var object = try bundleObject("acme-motor-2026-03")
        var incidents = object["incidents"] as! [[String: Any]]
        incidents[1]["tlp"] = "purple"
        object["incidents"] = incidents
        let problems = try monthlyProblems(object)
        #expect(problems.map(\.path) == ["$.incidents[1].tlp"])
    }
}
