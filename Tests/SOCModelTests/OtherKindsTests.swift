import Foundation
import Testing

@testable import SOCModel

/// Monthly bundles and the ingest documents: their schema branches and semantic checks.
@Suite("Monthly and input documents")
struct OtherKindsTests {
    private static let bundle = """
        {
          "kind": "monthly", "schemaVersion": 1,
          "tenant": { "id": "acme", "name": "ACME", "language": "en" },
          "month": "2026-10",
          "funnel": { "logsBySource": { "proxy": 100, "url-filter": 50 }, "events": 10, "escalated": 2 },
          "incidents": [
            { "id": "INC-1", "title": "One", "severity": "serious", "threatType": "phishing", "determinedAt": "2026-10-03T10:00:00+09:00" },
            { "id": "INC-2", "title": "Two", "severity": "medium", "threatType": "other", "determinedAt": "2026-10-04T10:00:00+09:00" }
          ],
          "history": [
            { "month": "2026-08", "funnel": { "logsBySource": {}, "events": 0, "escalated": 0 }, "bySeverity": {}, "byThreatType": {} },
            { "month": "2026-09", "funnel": { "logsBySource": {}, "events": 0, "escalated": 0 }, "bySeverity": { "critical": 1 }, "byThreatType": { "phishing": 1 } }
          ]
        }
        """

    private func bundle(replacing fragment: String, with replacement: String) throws -> Data {
        try #require(Self.bundle.components(separatedBy: fragment).count == 2, "fragment \(fragment) must occur once")
        return Data(Self.bundle.replacingOccurrences(of: fragment, with: replacement).utf8)
    }

    @Test func bundleReadsWithDefaults() throws {
        let bundle = try DocumentReader.readMonthly(Data(Self.bundle.utf8), source: "bundle")
        #expect(bundle.tenant.language == .en)
        #expect(bundle.tenant.timeZone == "Asia/Tokyo")
        #expect(bundle.tenant.resolvedTimeZone.identifier == "Asia/Tokyo")
        #expect(bundle.tenant.contacts.isEmpty)
        #expect(bundle.incidents[0].revision == 1)
        #expect(bundle.incidents[0].stage == nil)
        #expect(bundle.funnel.totalLogs == 150)
        #expect(bundle.funnel.incidents == nil)
        #expect(bundle.history[1].bySeverity == [.critical: 1])
        #expect(bundle.history[1].byThreatType == [.phishing: 1])
        #expect(bundle.advice == nil)
        #expect(bundle.news.isEmpty)
        #expect(bundle.overview == nil)
    }

    @Test func historyMustBeEarlierOldestFirstAndUnique() throws {
        let months = [("2026-08", "2026-10"), ("2026-09", "2026-08")]
        var json = Self.bundle
        for (old, new) in months {
            json = json.replacingOccurrences(of: "\"month\": \"\(old)\"", with: "\"month\": \"\(new)\"")
        }
        #expect(
            Fixtures.problems(Data(json.utf8)) == [
                Problem(path: "$.history[0].month", message: "2026-10 is not before the report's month 2026-10"),
                Problem(
                    path: "$.history[1].month", message: "2026-08 comes after 2026-10: the history must be oldest first"
                ),
            ])
        let repeated = try bundle(replacing: #""month": "2026-08""#, with: #""month": "2026-09""#)
        #expect(
            Fixtures.problems(repeated) == [
                Problem(path: "$.history[1].month", message: "2026-09 appears twice in the history")
            ])
    }

    @Test func incidentIdsMustBeUnique() throws {
        let data = try bundle(replacing: #""id": "INC-2""#, with: #""id": "INC-1""#)
        #expect(
            Fixtures.problems(data) == [
                Problem(path: "$.incidents[1].id", message: "duplicate incident id \"INC-1\", first at $.incidents[0]")
            ])
    }

    @Test func countMapsCheckTheirKeys() throws {
        let data = try bundle(replacing: #""proxy": 100"#, with: #""router": -1"#)
        #expect(
            Fixtures.problems(data) == [
                Problem(
                    path: #"$.funnel.logsBySource.router"#,
                    message:
                        "property name \"router\" is not one of url-filter, web-av, proxy, ips, ids, firewall, other"),
                Problem(path: #"$.funnel.logsBySource.router"#, message: "-1 is below the minimum 0"),
            ])
        let quoted = try bundle(replacing: #""proxy": 100"#, with: #""web-av": "100""#)
        #expect(
            Fixtures.problems(quoted) == [
                Problem(path: #"$.funnel.logsBySource["web-av"]"#, message: "expected integer, found string")
            ])
    }

    @Test func encodedBundleIsValidAndStable() throws {
        let bundle = try DocumentReader.readMonthly(Data(Self.bundle.utf8), source: "bundle")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let encoded = try encoder.encode(bundle)
        let text = try #require(String(data: encoded, encoding: .utf8))
        // Count maps are objects with string keys (not Dictionary's default key-value array); defaults are written out.
        #expect(text.contains(#""logsBySource":{"proxy":100,"url-filter":50}"#))
        #expect(text.contains(#""bySeverity":{"critical":1}"#))
        #expect(text.contains(#""kind":"monthly""#) && text.contains(#""schemaVersion":1"#))
        #expect(text.contains(#""timeZone":"Asia/Tokyo""#))
        #expect(try DocumentReader.readMonthly(encoded, source: "encoded") == bundle)
        #expect(try encoder.encode(bundle) == encoded)
    }

    @Test func bundleBuiltInCodeEncodesValid() throws {
        let incident = try DocumentReader.readIncident(Data(Fixtures.incident.utf8), source: "fixture")
        let bundle = MonthlyBundle(
            tenant: incident.tenant, month: try #require(YearMonth("2026-11")),
            funnel: Funnel(logsBySource: [.firewall: 3, .webAV: 4], events: 2, escalated: 1, incidents: 1),
            incidents: [IncidentSummary(incident)],
            advice: [Advice(title: "Patch", body: "Patch the VPN.", priority: .high)],
            news: [
                NewsItem(date: try #require(CalendarDate("2026-11-05")), title: "News", summary: "Something happened.")
            ])
        let reread = try DocumentReader.readMonthly(try JSONEncoder().encode(bundle), source: "built")
        #expect(reread == bundle)
        #expect(reread.incidents[0].stage == .commandAndControl)
        #expect(reread.funnel.totalLogs == 7)
    }

    @Test func incidentDefaults() throws {
        let incident = try DocumentReader.readIncident(Data(Fixtures.incident.utf8), source: "fixture")
        #expect(incident.revision == 1)
        #expect(incident.tlp == .amber)
        #expect(incident.language == nil)
        #expect(incident.reportLanguage == .ja)
        #expect(incident.tenant.language == .ja)
        #expect(incident.tenant.timeZone == "Asia/Tokyo")
        #expect(incident.analysts.isEmpty)
        #expect(incident.attack.techniques.isEmpty)
        #expect(incident.recommendations.blockDomains.isEmpty)
        let english = try DocumentReader.readIncident(
            try Fixtures.incident(
                replacing: #""title": "C2 traffic from PC-1","#,
                with: #""title": "C2 traffic from PC-1", "language": "en", "tlp": "amber+strict","#),
            source: "fixture")
        #expect(english.reportLanguage == .en)
        #expect(english.tlp == .amberStrict)
    }

    @Test func tenantTimeZoneFallsBackOnlyForTenantsBuiltInCode() {
        #expect(Tenant(id: "x", name: "X", timeZone: "Europe/Berlin").resolvedTimeZone.identifier == "Europe/Berlin")
        #expect(Tenant(id: "x", name: "X", timeZone: "Mars/Olympus").resolvedTimeZone.identifier == "Asia/Tokyo")
    }

    @Test func inputKindsPickTheirSchemaBranch() {
        let notes =
            #"{"kind": "notes", "schemaVersion": 1, "tenantId": "acme", "month": "2026-10", "advice": [{"title": "", "body": "b", "priority": "urgent"}]}"#
        #expect(
            Fixtures.problems(Data(notes.utf8)) == [
                Problem(path: "$.advice[0].title", message: "must not be empty"),
                Problem(path: "$.advice[0].priority", message: "\"urgent\" is not one of high, medium, low"),
            ])
        let news =
            #"{"kind": "news", "schemaVersion": 1, "month": "2026-10", "items": [{"date": "2026-02-30", "title": "t", "summary": "s"}]}"#
        #expect(
            Fixtures.problems(Data(news.utf8)) == [
                Problem(
                    path: "$.items[0].date",
                    message: "\"2026-02-30\" is not a date YYYY-MM-DD (day 30 does not exist in a month of 28 days)")
            ])
        let metrics = #"{"kind": "metrics", "schemaVersion": 1, "tenantId": "acme", "month": "2026-10"}"#
        #expect(
            Fixtures.problems(Data(metrics.utf8)) == [
                Problem(path: "$", message: "required property \"funnel\" is missing")
            ])
        let tenants =
            #"{"kind": "tenants", "schemaVersion": 1, "tenants": [{"id": "a", "name": "A"}, {"id": "a", "name": "B", "timeZone": "Nowhere"}]}"#
        #expect(
            Fixtures.problems(Data(tenants.utf8)) == [
                Problem(path: "$.tenants[1].id", message: "duplicate tenant id \"a\", first at $.tenants[0]"),
                Problem(path: "$.tenants[1].timeZone", message: "\"Nowhere\" is not a known IANA time zone"),
            ])
    }

    /// The one contract extension: an optional language on a news item.
    @Test func newsItemsMayNameTheirLanguage() throws {
        let item = #"{"date": "2026-10-02", "title": "t", "summary": "s", "language": "%@"}"#
        let news = { (language: String) in
            Data(
                #"{"kind": "news", "schemaVersion": 1, "month": "2026-10", "items": [\#(item.replacingOccurrences(of: "%@", with: language))]}"#
                    .utf8)
        }
        #expect(Fixtures.problems(news("en")).isEmpty)
        #expect(
            Fixtures.problems(news("fr")) == [
                Problem(path: "$.items[0].language", message: "\"fr\" is not one of ja, en")
            ])
        guard case .news(let document) = try DocumentReader.read(news("en"), source: "news") else {
            Issue.record("not news"); return
        }
        #expect(document.items.first?.language == .en)
    }

    @Test func inputDocumentsDecode() throws {
        let metrics = try DocumentReader.read(
            try Fixtures.data("samples/metrics/globex-2026-10.json"), source: "metrics")
        guard case .metrics(let document) = metrics else { Issue.record("not metrics"); return }
        #expect(document.tenantId == "globex")
        #expect(document.month == YearMonth("2026-10"))
        #expect(document.funnel.logsBySource[.firewall] == 20_669_679)
        let notes = try DocumentReader.read(try Fixtures.data("samples/notes/globex-2026-10.json"), source: "notes")
        guard case .notes(let written) = notes else { Issue.record("not notes"); return }
        #expect(written.advice?.first?.priority == .medium)
        let news = try DocumentReader.read(try Fixtures.data("samples/news/2026-10.json"), source: "news")
        guard case .news(let items) = news else { Issue.record("not news"); return }
        #expect(items.items.first?.date == CalendarDate("2026-10-06"))
    }
}
