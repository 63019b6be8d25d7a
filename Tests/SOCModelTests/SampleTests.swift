import Foundation
import Testing

@testable import SOCModel

@Suite("Shared samples")
struct SampleTests {
    @Test func samplesAreFound() {
        // Guards the parameterised tests below against silently running on nothing.
        #expect(Fixtures.samplePaths.count > 200, "samples not found under \(Fixtures.shared.path)")
    }

    @Test(arguments: Fixtures.samplePaths)
    func sampleReads(_ path: String) throws {
        let data = try Fixtures.data(path)
        let document = try DocumentReader.read(data, source: path)
        #expect(document.kind == Self.expectedKind(path))
    }

    private static func expectedKind(_ path: String) -> String {
        if path == "samples/tenants.json" { return "tenants" }
        if path.hasPrefix("samples/incidents/") || path.hasSuffix("-incident.json") { return "incident" }
        if path.hasPrefix("samples/bundles/") || path.hasSuffix("/monthly.json") { return "monthly" }
        return String(path.split(separator: "/")[1]) // samples/metrics, samples/notes, samples/news
    }

    @Test(arguments: Fixtures.samplePaths.filter { $0.hasPrefix("samples/bundles/") })
    func bundleSurvivesEncoding(_ path: String) throws {
        let bundle = try DocumentReader.readMonthly(try Fixtures.data(path), source: path)
        let encoded = try JSONEncoder().encode(bundle)
        let reread = try DocumentReader.readMonthly(encoded, source: "encoded \(path)")
        #expect(reread == bundle)
    }

    @Test(arguments: Fixtures.samplePaths.filter { $0.hasPrefix("samples/incidents/") }.prefix(10))
    func incidentSurvivesEncoding(_ path: String) throws {
        let incident = try DocumentReader.readIncident(try Fixtures.data(path), source: path)
        let reread = try DocumentReader.readIncident(try JSONEncoder().encode(incident), source: "encoded \(path)")
        #expect(reread == incident)
    }

    @Test func allSamplesAsOneArray() throws {
        let texts = try Fixtures.samplePaths.map { String(decoding: try Fixtures.data($0), as: UTF8.self) }
        let documents = try DocumentReader.readMany(Data("[\(texts.joined(separator: ","))]".utf8), source: "all")
        #expect(documents.map(\.document.kind) == Fixtures.samplePaths.map(Self.expectedKind))
    }

    @Test func foundationDecoderAgrees() throws {
        let path = "bench/inputs/typical-incident.json"
        let data = try Fixtures.data(path)
        #expect(try JSONDecoder().decode(Incident.self, from: data) == DocumentReader.readIncident(data, source: path))
    }

    @Test func typicalIncidentContent() throws {
        let incident = try DocumentReader.readIncident(
            try Fixtures.data("samples/incidents/INC-202601-ACME-0001.json"), source: "sample")
        #expect(incident.id == "INC-202601-ACME-0001")
        #expect(incident.tenant.id == "acme-motor")
        #expect(incident.severity == .information)
        #expect(incident.threatType == .phishing)
        #expect(incident.tlp == .red)
        #expect(incident.reportLanguage == .ja)
        #expect(incident.detectedAt.text == "2026-01-18T14:08:01+09:00")
        #expect(incident.analysis.victims.first?.host == "PC-6444")
        #expect(incident.attack.stage == .reconnaissance)
        #expect(incident.attack.logs.count == 100)
        #expect(incident.attack.logs[0].source == .firewall)
        #expect(incident.attack.logs[0].srcPort == 53404)
        #expect(incident.attack.techniques.map(\.id) == ["T1566.001", "T1071.001"])
    }

    @Test func largeIncidentHasAllRows() throws {
        let incident = try DocumentReader.readIncident(
            try Fixtures.data("bench/inputs/large-incident.json"), source: "large")
        #expect(incident.attack.logs.count == 2000)
    }

    @Test func monthlyContent() throws {
        let bundle = try DocumentReader.readMonthly(try Fixtures.data("bench/inputs/monthly.json"), source: "monthly")
        #expect(bundle.month == YearMonth(year: 2026, month: 10))
        #expect(bundle.history.count == 12)
        #expect(bundle.history.map(\.month) == bundle.history.map(\.month).sorted())
        #expect(bundle.incidents.count == 8)
        #expect(bundle.funnel.totalLogs == bundle.funnel.logsBySource.values.reduce(0, +))
        #expect(bundle.funnel.logsBySource[.urlFilter] != nil)
    }
}
