import Foundation
import SOCModel
import Testing

@testable import SOCIndicators

/// Every bundle these tests write — from every sample incident, every month of the samples, the hard
/// cases of issue 10 and hostile inputs — checked by `check_indicators.py` with the OASIS
/// stix2-validator, stix2-patterns and the stix2 library, the CSV read back by Python's csv module and
/// the blocklists compared with the records (see the script for what exactly).
struct ValidatorTests {
    /// name → the incident JSON documents of the case.
    static func hardCases() throws -> [(String, [Data])] {
        var url = "https://evil.example/"
        while url.count < 3_000 { url += "p\(url.count)/" }
        let cases: [(String, [([String], Any?)])] = [
            (
                "idn",
                [
                    (
                        ["recommendations", "blockDomains"],
                        ["例え.テスト", "Bücher.example", "ＡＢＣ.example", "xn--r8jz45g.xn--zckzah"]
                    ),
                    (["recommendations", "blockUrls"], ["https://例え.テスト/ログイン?user=値"]),
                ]
            ),
            (
                "ipv6",
                [
                    (
                        ["recommendations", "blockIps"],
                        [
                            "2001:db8::1", "2001:DB8:0:0::2", "2001:db8:abcd::/48", "::ffff:192.0.2.1",
                            "198.51.100.0/24", "203.0.113.7",
                        ]
                    )
                ]
            ),
            (
                "url-escapes",
                [
                    (
                        ["recommendations", "blockUrls"],
                        [
                            "http://evil.example/it's/a'quote", #"http://evil.example/back\slash\\"#,
                            "http://evil.example/with space and\ttab",
                            "http://evil.example/%41%2F%zz%", "http://evil.example/ü/文字?q=ü#ß",
                            "http://evil.example/x']; [url:value = 'y",
                        ]
                    )
                ]
            ),
            (
                "duplicates",
                [
                    (
                        ["recommendations", "blockDomains"],
                        ["static-98.example", "STATIC-98.example", "static-98.example."]
                    ),
                    (["recommendations", "blockIps"], ["203.0.113.7", "203.0.113.7", "2001:db8::1", "2001:DB8::1"]),
                    (["recommendations", "blockUrls"], ["http://a.example/x y", "http://a.example/x%20y"]),
                ]
            ),
            (
                "nothing-to-block",
                [(["recommendations"], ["actions": ["Nothing to block."]]), (["attack", "techniques"], [])]
            ),
            ("tlp-red", [(["tlp"], "red")]),
            ("tlp-amber-strict", [(["tlp"], "amber+strict")]),
            ("tlp-clear", [(["tlp"], "clear")]),
            ("hostile-3000-character-url", [(["recommendations", "blockUrls"], [String(url.prefix(3_000))])]),
            (
                "hostile-zero-width",
                [
                    (["recommendations", "blockDomains"], ["ev\u{200B}il.example"]),
                    (["title"], "zero\u{200B}width\u{FEFF}"),
                ]
            ),
            (
                "hostile-controls-and-bidi",
                [
                    (["title"], "bell\u{07} escape\u{1B}[31m هجوم \u{202E}fdp.exe"),
                    (
                        ["recommendations", "blockUrls"],
                        ["http://evil.example/invoice\u{202E}fdp.exe", "http://evil.example/\u{07}\u{1B}\r\nx"]
                    ),
                ]
            ),
            (
                "hostile-emoji",
                [
                    (["title"], "絵文字 😀🔥👩‍💻🇯🇵"), (["recommendations", "blockUrls"], ["http://evil.example/😀"]),
                    (["recommendations", "blockDomains"], ["😀.example"]),
                ]
            ),
        ]
        let sample =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Fixtures.incidentsFolder.appendingPathComponent(Fixtures.baseFile)))
            as! [String: Any]
        let row = ((sample["attack"] as! [String: Any])["logs"] as! [[String: Any]])[0]
        let rows = (0..<5_000).map { i in row.merging(["srcPort": 10_000 + i]) { $1 } }
        return try (cases + [("hostile-5000-log-rows", [(["attack", "logs"], rows)])]).map { name, edits in
            (name, [try Fixtures.edited(edits)])
        }
    }

    @Test("every bundle, CSV and blocklist passes the STIX tools and matches its records")
    func everyExportValidates() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("socindicators-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        var cases: [[String: Any]] = []
        func add(_ name: String, _ list: IndicatorList, records: [Data], monthly: Bool = false) throws {
            #expect(list.problems.isEmpty, "\(name): \(list.problems)")
            var paths: [String] = []
            for (i, record) in records.enumerated() {
                let path = work.appendingPathComponent("\(name).record\(i).json")
                try record.write(to: path)
                paths.append(path.path)
            }
            for file in try list.files() {
                try Data(file.bytes).write(to: work.appendingPathComponent(name + file.suffix))
            }
            cases.append(["name": name, "folder": work.path, "incidents": paths, "monthly": monthly])
        }

        var byMonth: [String: [(Incident, Data)]] = [:]
        for file in try Fixtures.sampleFiles() {
            let data = try Data(contentsOf: file)
            let incident = try Fixtures.incident(data, file.lastPathComponent)
            try add(file.deletingPathExtension().lastPathComponent, IndicatorList(incident: incident), records: [data])
            let month = YearMonth(containing: incident.determinedAt.date, in: incident.tenant.resolvedTimeZone)
            byMonth["\(incident.tenant.id)-\(month)", default: []].append((incident, data))
        }
        for (key, incidents) in byMonth.sorted(by: { $0.key < $1.key }) {
            let first = incidents[0].0
            let month = YearMonth(containing: first.determinedAt.date, in: first.tenant.resolvedTimeZone)
            try add(
                "monthly-\(key)", IndicatorList(tenant: first.tenant, month: month, incidents: incidents.map(\.0)),
                records: incidents.map(\.1), monthly: true)
        }
        for (name, records) in try Self.hardCases() {
            let incidents = try records.map { try Fixtures.incident($0, name) }
            try add(name, IndicatorList(incident: incidents[0]), records: records)
        }
        #expect(cases.count > 150)

        let list = work.appendingPathComponent("cases.json")
        try JSONSerialization.data(withJSONObject: cases).write(to: list)
        let outcome = try Python.run(
            Fixtures.testFolder.appendingPathComponent("check_indicators.py").path, [list.path])
        #expect(outcome.status == 0, "\(outcome.output)")
        let summary = try JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any]
        #expect(summary?["cases"] as? Int == cases.count)
        #expect((summary?["indicators"] as? Int ?? 0) > 500)
    }
}

extension ValidatorTests {
    /// The checker is not a rubber stamp: a bundle, CSV or blocklist that strays from the record fails it.
    @Test(
        "the checker catches a wrong value in each kind of file",
        arguments: [
            (".stix.json", "static-98.example']", "static-99.example']", "STIX indicators"),
            (".stix.json", "\"marking-definition--e828b379", "\"marking-definition--55d920b0", "marking"),
            (".iocs.csv", "domain,static-98.example,", "domain,static-99.example,", "CSV indicators"),
            (".urls.txt", "http://static-98.example/download/invoice_6262.zip\n", "", "urls.txt"),
        ])
    func checkerCatchesMistakes(_ suffix: String, _ original: String, _ replacement: String, _ complaint: String) throws
    {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("socindicators-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let record = Fixtures.incidentsFolder.appendingPathComponent(Fixtures.baseFile)
        for file in try IndicatorList(incident: Fixtures.incident(Data(contentsOf: record))).files() {
            var text = String(decoding: file.bytes, as: UTF8.self)
            if file.suffix == suffix {
                #expect(text.contains(original))
                text = text.replacingOccurrences(of: original, with: replacement)
            }
            try Data(text.utf8).write(to: work.appendingPathComponent("case" + file.suffix))
        }
        let cases = work.appendingPathComponent("cases.json")
        try JSONSerialization.data(withJSONObject: [["name": "case", "folder": work.path, "incidents": [record.path]]])
            .write(to: cases)
        let outcome = try Python.run(
            Fixtures.testFolder.appendingPathComponent("check_indicators.py").path, [cases.path])
        #expect(outcome.status == 1 && outcome.output.contains(complaint), "\(outcome.output)")
    }
}

/// Runs a Python script with `python3` from the PATH and collects its output.
enum Python {
    static func run(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("python-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, try String(contentsOf: output, encoding: .utf8))
    }
}
