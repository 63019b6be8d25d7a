import Foundation
import SOCModel
import Testing

@testable import SOCIndicators

/// What the exported files say, checked in Swift; `ValidatorTests` checks them with the real STIX tools.
struct ExportTests {
    @Test("exporting the same revision again gives byte-identical files")
    func reproducible() throws {
        let incident = try Fixtures.incident(
            Data(contentsOf: Fixtures.incidentsFolder.appendingPathComponent(Fixtures.baseFile)))
        let first = try IndicatorList(incident: incident).files()
        let again = try IndicatorList(
            incident: Fixtures.incident(
                Data(contentsOf: Fixtures.incidentsFolder.appendingPathComponent(Fixtures.baseFile)))
        ).files()
        #expect(first == again)
        #expect(first.map(\.suffix) == [".stix.json", ".iocs.csv", ".domains.txt", ".urls.txt", ".ips.txt"])
    }

    @Test("a later revision keeps the ids of unchanged indicators, with a later modified")
    func laterRevision() throws {
        let first = try Fixtures.incident(Fixtures.edited([]))
        let second = try Fixtures.incident(
            Fixtures.edited([
                (["revision"], 2), (["revisionNote"], "one more domain"),
                (["recommendations", "blockDomains"], ["static-98.example", "new.example"]),
            ]))
        let a = try objects(IndicatorList(incident: first)), b = try objects(IndicatorList(incident: second))
        let kept = try #require(a.first { $0["name"] as? String == "domain static-98.example" })
        let again = try #require(b.first { $0["id"] as? String == kept["id"] as? String })
        #expect(again["created"] as? String == kept["created"] as? String)
        #expect((again["modified"] as! String) > (kept["modified"] as! String))
        #expect(!a.contains { $0["name"] as? String == "domain new.example" })
        #expect(b.contains { $0["name"] as? String == "domain new.example" })
        let reportA = try #require(a.first { $0["type"] as? String == "report" }),
            reportB = try #require(b.first { $0["type"] as? String == "report" })
        #expect(reportA["id"] as? String == reportB["id"] as? String)
    }

    @Test("duplicates within an incident are one indicator; values that cannot be blocked are reported")
    func duplicatesAndProblems() throws {
        let incident = try Fixtures.incident(
            Fixtures.edited([
                (["recommendations", "blockDomains"], ["Evil.Example", "evil.example.", "evil example"]),
                (["recommendations", "blockIps"], ["2001:DB8:0::1", "2001:db8::1", "10.0.0.0/8"]),
            ]))
        let list = IndicatorList(incident: incident)
        #expect(
            list.entries.map(\.indicator.key).filter { !$0.hasPrefix("url") }
                == ["domain evil.example", "ipv6 2001:db8::1", "ipv4 10.0.0.0/8"])
        #expect(
            list.problems.map(\.description) == [
                #"$.recommendations.blockDomains[2]: "evil example" is not a domain name: a label holds characters other than letters, digits, '-' and '_' or is longer than 63"#
            ])
        #expect(String(decoding: list.blocklist(.ips), as: UTF8.self) == "2001:db8::1\n10.0.0.0/8\n")
    }

    @Test("the CSV carries both forms of an internationalised domain; pattern and blocklist the A-label")
    func internationalisedDomain() throws {
        let list = IndicatorList(
            incident: try Fixtures.incident(Fixtures.edited([(["recommendations", "blockDomains"], ["例え.テスト"])])))
        let csv = String(decoding: list.csv(), as: UTF8.self)
        #expect(
            csv.contains(
                "\r\ndomain,xn--r8jz45g.xn--zckzah,INC-202601-ACME-0001,1,information,red,2026-01-18T04:30:01Z,2026-01-18T06:08:17Z,例え.テスト\r\n"
            ))
        #expect(String(decoding: list.blocklist(.domains), as: UTF8.self) == "xn--r8jz45g.xn--zckzah\n")
        #expect(
            try objects(list).contains { $0["pattern"] as? String == "[domain-name:value = 'xn--r8jz45g.xn--zckzah']" })
    }

    @Test("a month joins the incidents naming an indicator, with the first and last sighting")
    func month() throws {
        let a = try Fixtures.incident(Fixtures.edited([(["tlp"], "green")]))
        let b = try Fixtures.incident(
            Fixtures.edited([
                (["id"], "INC-202601-ACME-0009"), (["severity"], "critical"), (["tlp"], "amber"),
                (["determinedAt"], "2026-01-25T10:00:00+09:00"), (["detectedAt"], "2026-01-25T09:00:00+09:00"),
                (["notifiedAt"], "2026-01-25T10:10:00+09:00"),
                (["analysis", "occurredAt"], "2026-01-25T08:00:00+09:00"),
                (["analysis", "lastSeenAt"], "2026-01-25T09:30:00+09:00"),
                (["recommendations", "blockDomains"], ["static-98.example"]),
            ]))
        let list = IndicatorList(tenant: a.tenant, month: YearMonth("2026-01")!, incidents: [b, a])
        let rows = String(decoding: list.csv(), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(
            rows.contains(
                "domain,static-98.example,INC-202601-ACME-0001 INC-202601-ACME-0009,1 1,critical,amber,2026-01-18T04:30:01Z,2026-01-25T00:30:00Z,static-98.example"
            ))
        #expect(
            rows.contains { $0.hasPrefix("domain,mail.static-98.example,INC-202601-ACME-0001,1,information,green,") })
    }

    @Test("an incident with nothing to block is a bundle with its report and no indicators")
    func nothingToBlock() throws {
        let list = IndicatorList(
            incident: try Fixtures.incident(
                Fixtures.edited([
                    (["recommendations"], ["actions": ["Nothing to block."]]), (["attack", "techniques"], []),
                ])))
        let all = try objects(list)
        #expect(
            all.map { $0["type"] as! String } == ["marking-definition", "marking-definition", "identity", "report"])
        #expect(list.csv() == Array("type,value,incident,revision,severity,tlp,first_seen,last_seen,recorded\r\n".utf8))
        #expect(Blocklist.allCases.allSatisfy { list.blocklist($0).isEmpty })
    }

    private func objects(_ list: IndicatorList) throws -> [[String: Any]] {
        let bundle = try JSONSerialization.jsonObject(with: Data(try list.stix())) as! [String: Any]
        return bundle["objects"] as! [[String: Any]]
    }
}
