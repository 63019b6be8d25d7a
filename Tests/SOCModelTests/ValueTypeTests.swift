import Foundation
import Testing

@testable import SOCModel

@Suite("Value types")
struct ValueTypeTests {
    @Test(arguments: [
        ("2026-11-02T10:15:00+09:00", 1_793_582_100.0, 32_400),
        ("2026-11-02T01:15:00Z", 1_793_582_100.0, 0),
        ("2026-11-02t01:15:00z", 1_793_582_100.0, 0),
        ("2026-11-01T20:45:00-04:30", 1_793_582_100.0, -16_200),
        ("2026-11-02T01:15:00.25Z", 1_793_582_100.25, 0),
        ("1969-12-31T23:59:59Z", -1.0, 0),
        ("2024-02-29T00:00:00+00:00", 1_709_164_800.0, 0),
    ])
    func timestampParses(_ text: String, _ seconds: Double, _ offset: Int) throws {
        let timestamp = try #require(Timestamp(rfc3339: text))
        #expect(timestamp.date.timeIntervalSince1970 == seconds)
        #expect(timestamp.utcOffset == offset)
        #expect(timestamp.text == text)
        #expect(timestamp.description == text)
    }

    @Test(arguments: [
        "2026-11-02T10:15:00", "2026-11-02", "2026-11-02T10:15Z", "2026-11-02T10:15:60Z", "2025-02-29T00:00:00Z",
        "2026-11-02T10:15:00+24:00", "2026-11-02T10:15:00+09:00 ", " 2026-11-02T10:15:00Z", "２０２６-11-02T10:15:00Z",
    ])
    func timestampRejects(_ text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func datesDecodeStrictlyWithFoundationToo() throws {
        let decoder = JSONDecoder()
        #expect(
            try decoder.decode([Timestamp].self, from: Data(#"["2026-11-02T01:15:00Z"]"#.utf8)).first?.utcOffset == 0)
        #expect(throws: DecodingError.self) {
            try decoder.decode([Timestamp].self, from: Data(#"["2026-11-02T10:15:00"]"#.utf8))
        }
        #expect(throws: DecodingError.self) { try decoder.decode([YearMonth].self, from: Data(#"["2026-13"]"#.utf8)) }
        #expect(throws: DecodingError.self) {
            try decoder.decode([CalendarDate].self, from: Data(#"["2026-02-30"]"#.utf8))
        }
    }

    @Test func timestampFromDateUsesTheZone() throws {
        let date = Date(timeIntervalSince1970: 1_793_582_100.7)
        let tokyo = Timestamp(date, in: try #require(TimeZone(identifier: "Asia/Tokyo")))
        #expect(tokyo.text == "2026-11-02T10:15:00+09:00")
        #expect(Timestamp(date, in: try #require(TimeZone(identifier: "UTC"))).text == "2026-11-02T01:15:00Z")
        #expect(
            Timestamp(date, in: try #require(TimeZone(identifier: "America/St_Johns"))).text
                == "2026-11-01T21:45:00-03:30")
        #expect(Timestamp(rfc3339: tokyo.text) == tokyo)
    }

    @Test func timestampsOrderByInstant() throws {
        let early = try #require(Timestamp(rfc3339: "2026-11-02T10:00:00+09:00"))
        let late = try #require(Timestamp(rfc3339: "2026-11-02T02:00:00Z"))
        let sameAsLate = try #require(Timestamp(rfc3339: "2026-11-02T11:00:00+09:00"))
        #expect(early < late)
        #expect(late != sameAsLate)
        #expect(late.date == sameAsLate.date)
        #expect((late < sameAsLate) != (sameAsLate < late))
    }

    @Test func yearMonth() throws {
        let october = try #require(YearMonth("2026-10"))
        #expect(october.year == 2026 && october.month == 10)
        #expect(october.description == "2026-10")
        #expect(october.next.description == "2026-11")
        #expect(YearMonth("2026-12")?.next.description == "2027-01")
        #expect(YearMonth("2026-01")?.previous.description == "2025-12")
        #expect(october.previous < october)
        #expect(YearMonth(year: 2026, month: 13) == nil)
        for bad in ["2026-13", "2026-1", "2026-00", "26-10", "2026-10-01", "2026/10"] {
            #expect(YearMonth(bad) == nil, "\(bad)")
        }
    }

    @Test func yearMonthInterval() throws {
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        let interval = try #require(YearMonth("2026-10")).interval(in: tokyo)
        #expect(Timestamp(interval.start, in: tokyo).text == "2026-10-01T00:00:00+09:00")
        #expect(Timestamp(interval.end, in: tokyo).text == "2026-11-01T00:00:00+09:00")
        #expect(YearMonth(containing: interval.start, in: tokyo) == YearMonth("2026-10"))
        #expect(
            YearMonth(containing: interval.start, in: try #require(TimeZone(identifier: "UTC"))) == YearMonth("2026-09")
        )
    }

    @Test func calendarDate() throws {
        let day = try #require(CalendarDate("2024-02-29"))
        #expect(day.year == 2024 && day.month == 2 && day.day == 29)
        #expect(day.description == "2024-02-29")
        #expect(CalendarDate("2025-02-29") == nil)
        #expect(CalendarDate("2026-04-31") == nil)
        #expect(CalendarDate("2026-4-30") == nil)
        #expect(CalendarDate(year: 2026, month: 4, day: 30)! < CalendarDate(year: 2026, month: 5, day: 1)!)
    }

    @Test func gregorianRoundTrip() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let (year, month, day) = Gregorian.civilDate(daysSinceEpoch: days)
            #expect(Gregorian.daysSinceEpoch(year: year, month: month, day: day) == days)
        }
    }

    @Test func severityOrder() {
        #expect(Severity.allCases == [.critical, .serious, .medium, .information])
        #expect(Severity.information < .medium && Severity.medium < .serious && Severity.serious < .critical)
        #expect([Severity.medium, .critical, .information].max() == .critical)
        #expect(Severity.allCases.sorted(by: >) == Severity.allCases)
    }

    @Test func vocabularies() {
        #expect(ThreatType.allCases.count == 11)
        #expect(ThreatType.allCases.first?.rawValue == "malware-infection")
        #expect(
            KillChainStage.allCases.map(\.rawValue) == [
                "reconnaissance", "weaponization", "delivery", "exploitation", "installation", "command-and-control",
                "actions-on-objectives",
            ])
        #expect(KillChainStage.reconnaissance < .actionsOnObjectives)
        #expect(KillChainStage.commandAndControl.ordinal == 5)
        #expect(TLP.amberStrict.rawValue == "amber+strict")
        #expect(
            LogSource.allCases.map(\.rawValue) == ["url-filter", "web-av", "proxy", "ips", "ids", "firewall", "other"])
    }

    @Test(arguments: [
        ("acme-motor", true), ("INC-202601-ACME-0001", true), ("a", true), ("_x", true), ("-x", true), ("a..b", true),
        (String(repeating: "a", count: 64), true), (String(repeating: "a", count: 65), false), ("", false),
        (".", false),
        ("..", false), ("../x", false), ("a/b", false), ("a b", false), ("a\n", false), ("é", false), ("a\\b", false),
    ])
    func safeIdentifiers(_ text: String, _ safe: Bool) {
        #expect(Identifier.isSafeIdentifier(text) == safe)
    }

    @Test(arguments: [
        ("10.0.0.1", IPAddress.Family.v4), ("::1", .v6), ("2001:db8::8a2e:370:7334", .v6), ("::ffff:192.0.2.1", .v6),
    ])
    func addresses(_ text: String, _ family: IPAddress.Family) {
        #expect(IPAddress.family(of: text) == family)
    }

    @Test(arguments: ["999.1.1.1", "10.1", "1.2.3.4.5", "010.1.1.1", "", "host", "1.2.3.4/8", "::1::2", "fe80::1%eth0"])
    func notAddresses(_ text: String) {
        #expect(IPAddress.family(of: text) == nil)
    }
}
