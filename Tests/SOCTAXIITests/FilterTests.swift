import SOCIndicators
import SOCStore
import SOCTAXII
import Testing

/// What a TAXII request's headers and parameters mean before the store is asked anything.
@Suite struct FilterTests {
    @Test(
        arguments: [
            (nil, false, TAXIIMediaType.taxii),
            ("application/taxii+json;version=2.1", false, TAXIIMediaType.taxii),
            ("application/taxii+json", false, TAXIIMediaType.taxii),
            ("text/html, application/taxii+json; version=2.1; q=0.9", false, TAXIIMediaType.taxii),
            ("*/*", false, TAXIIMediaType.taxii),
            ("application/stix+json;version=2.1", true, TAXIIMediaType.stix),
            ("application/stix+json;version=2.1", false, nil),
            ("application/taxii+json;version=2.0", false, nil),
            ("application/taxii+json;q=0", false, nil),
            ("text/html", true, nil),
        ] as [(String?, Bool, String?)])
    func acceptDecidesTheMediaType(_ accept: String?, _ objects: Bool, _ answer: String?) {
        #expect(TAXIIMediaType.answer(accept: accept, objects: objects) == answer)
    }

    @Test func onlyATAXII21EnvelopeIsABody() {
        #expect(TAXIIMediaType.isEnvelope(contentType: "application/taxii+json; version=2.1"))
        #expect(!TAXIIMediaType.isEnvelope(contentType: "application/taxii+json"))
        #expect(!TAXIIMediaType.isEnvelope(contentType: "application/json"))
        #expect(!TAXIIMediaType.isEnvelope(contentType: nil))
    }

    @Test func timestampsAreMicrosecondsWithNothingRoundedUp() {
        #expect(STIXTimestamp.microseconds("1970-01-01T00:00:01Z") == 1_000_000)
        #expect(
            STIXTimestamp.microseconds("2026-03-10T01:00:00.1234569Z")
                == STIXTimestamp.microseconds("2026-03-10T01:00:00.123456Z"))
        #expect(
            STIXTimestamp.microseconds("2026-03-10T10:00:00.5+09:00")
                == STIXTimestamp.microseconds("2026-03-10T01:00:00.500000Z"))
        for bad in ["2026-03-10", "2026-03-10T01:00:00", "2026-03-10T01:00:00.Z", "yesterday", "2026-02-30T00:00:00Z"] {
            #expect(STIXTimestamp.microseconds(bad) == nil, "\(bad)")
        }
        let micros = STIXTimestamp.microseconds("2026-03-10T01:00:00.000042Z")!
        #expect(STIXTimestamp.text(microseconds: micros) == "2026-03-10T01:00:00.000042Z")
    }

    @Test func filtersBecomeAQuery() throws {
        let filters = try TAXIIFilters(
            [
                ("added_after", "2026-03-10T01:00:00Z"), ("next", "1773104400000005"), ("limit", "5000"),
                ("match[id]", "indicator--a,indicator--b"), ("match[type]", "indicator"),
                ("match[version]", "first,2026-03-10T01:00:00.001Z"),
                ("match[unknown]", "x"),
            ], endpoint: .collection, allowRed: true)
        #expect(filters.query.addedAfter == 1_773_104_400_000_005, "the later of added_after and next")
        #expect(filters.query.limit == TAXIIFilters.maxLimit && filters.query.allowRed)
        #expect(filters.query.objectIDs == ["indicator--a", "indicator--b"] && filters.query.types == ["indicator"])
        #expect(filters.query.versions == [.first, .at(1_773_104_400_001_000)])
        #expect(try TAXIIFilters([], endpoint: .collection, allowRed: false).query.versions == [.last])
        let versions = try TAXIIFilters([("match[id]", "x")], endpoint: .versions("indicator--a"), allowRed: false)
            .query
        #expect(versions.objectIDs == ["indicator--a"] && versions.versions == [.all])
        #expect(
            try !TAXIIFilters([("match[spec_version]", "2.0")], endpoint: .collection, allowRed: false)
                .matchesSpecVersion)
    }

    @Test func everyBadFilterIsNamed() {
        #expect {
            try TAXIIFilters(
                [("added_after", "soon"), ("limit", "-1"), ("next", "x"), ("match[version]", "last,newest")],
                endpoint: .collection, allowRed: false)
        } throws: { error in
            (error as? TAXIIFilterError)?.problems.map { $0.split(separator: ":")[0] } == [
                "added_after", "limit", "next", "match[version]",
            ]
        }
    }
}
