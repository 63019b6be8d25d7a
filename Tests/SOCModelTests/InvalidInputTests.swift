import Foundation
import Testing

@testable import SOCModel

/// Each bad input gives a clear problem at the right path, and never a crash.
@Suite("Invalid inputs")
struct InvalidInputTests {
    @Test func theFixtureIsValid() throws {
        let incident = try DocumentReader.readIncident(Data(Fixtures.incident.utf8), source: "fixture")
        #expect(incident.id == "INC-2026-0001")
    }

    @Test func notJSONSaysLineAndColumn() {
        let problems = Fixtures.problems(Data("{\n  \"kind\": \"incident\",\n  \"title\": }".utf8))
        #expect(
            problems == [Problem(path: "$", message: "not valid JSON: line 3, column 12: expected a value, found '}'")])
    }

    @Test func notUTF8SaysTheOffset() {
        var bytes = Array(Fixtures.incident.utf8)
        bytes[40] = 0xFF
        #expect(
            Fixtures.problems(Data(bytes)) == [
                Problem(path: "$", message: "not UTF-8: invalid byte 0xFF at byte offset 40")
            ])
    }

    @Test func arrayInsteadOfAnIncident() {
        let problems = Fixtures.problems(Data("[\(Fixtures.incident)]".utf8), reading: .incident)
        #expect(
            problems == [
                Problem(path: "$", message: "expected a JSON object (a document of kind \"incident\"), found array")
            ])
    }

    @Test(arguments: ["[]", "\"incident\"", "42", "null"])
    func nonObjectDocument(_ json: String) throws {
        let problems = Fixtures.problems(Data(json.utf8))
        #expect(problems.count == 1)
        #expect(problems.first?.path == "$")
        #expect(try #require(problems.first).message.hasPrefix("expected a JSON object, found "))
    }

    @Test func wrongKindForReadIncident() throws {
        let data = try Fixtures.data("samples/bundles/globex-2026-01.json")
        let problems = Fixtures.problems(data, reading: .incident)
        #expect(
            problems == [
                Problem(path: "$", message: "expected a document of kind \"incident\", found kind \"monthly\"")
            ])
    }

    @Test func wrongKindForReadMonthly() {
        let problems = Fixtures.problems(Data(Fixtures.incident.utf8), reading: .monthly)
        #expect(
            problems == [
                Problem(path: "$", message: "expected a document of kind \"monthly\", found kind \"incident\"")
            ])
    }

    @Test func unknownKind() throws {
        let problems = Fixtures.problems(
            try Fixtures.incident(replacing: #""kind": "incident""#, with: #""kind": "report""#))
        #expect(
            problems == [
                Problem(
                    path: "$",
                    message:
                        "unknown kind \"report\"; it must be one of incident, monthly, tenants, metrics, notes, news")
            ])
    }

    @Test func missingKind() throws {
        let problems = Fixtures.problems(try Fixtures.incident(replacing: #""kind": "incident","#, with: ""))
        #expect(
            problems == [
                Problem(
                    path: "$",
                    message:
                        "required property \"kind\" is missing; it must be one of incident, monthly, tenants, metrics, notes, news"
                )
            ])
    }

    @Test func missingKindWhenAnIncidentIsExpected() throws {
        let data = try Fixtures.incident(replacing: #""kind": "incident","#, with: "")
        let problems = Fixtures.problems(data, reading: .incident)
        #expect(problems == [Problem(path: "$", message: "required property \"kind\" is missing")])
    }

    @Test func everyMissingRequiredFieldIsListed() throws {
        let json = Fixtures.incident
            .replacingOccurrences(of: #""title": "C2 traffic from PC-1","#, with: "")
            .replacingOccurrences(of: #""severity": "serious","#, with: "")
            .replacingOccurrences(of: #""summary": "PC-1 beacons to a C2 server.","#, with: "")
        #expect(
            Fixtures.problems(Data(json.utf8)) == [
                Problem(path: "$", message: "required property \"title\" is missing"),
                Problem(path: "$", message: "required property \"severity\" is missing"),
                Problem(path: "$.analysis", message: "required property \"summary\" is missing"),
            ])
    }

    @Test(arguments: [
        (
            #""severity": "serious""#, #""severity": "extreme""#, "$.severity",
            "\"extreme\" is not one of critical, serious, medium, information"
        ),
        (
            #""threatType": "c2-communication""#, #""threatType": "c2""#, "$.threatType",
            "\"c2\" is not one of malware-infection, c2-communication, targeted-attack, phishing, exploit-attempt, data-exfiltration, unauthorized-access, reconnaissance, denial-of-service, policy-violation, other"
        ),
        (
            #""stage": "command-and-control""#, #""stage": "c2""#, "$.attack.stage",
            "\"c2\" is not one of reconnaissance, weaponization, delivery, exploitation, installation, command-and-control, actions-on-objectives"
        ),
        (
            #""source": "proxy""#, #""source": "router""#, "$.attack.logs[0].source",
            "\"router\" is not one of url-filter, web-av, proxy, ips, ids, firewall, other"
        ),
        (#""schemaVersion": 1"#, #""schemaVersion": 2"#, "$.schemaVersion", "expected 1, found 2"),
    ])
    func valueOutsideItsVocabulary(fragment: String, replacement: String, path: String, message: String) throws {
        let problems = Fixtures.problems(try Fixtures.incident(replacing: fragment, with: replacement))
        #expect(problems == [Problem(path: path, message: message)])
    }

    @Test(arguments: [
        (#""srcPort": 50123"#, #""srcPort": "50123""#, "$.attack.logs[0].srcPort", "expected integer, found string"),
        (#""srcPort": 50123"#, #""srcPort": 501.5"#, "$.attack.logs[0].srcPort", "expected integer, found number"),
        (
            #""victims": [ { "host": "PC-1", "ip": "10.0.0.5" } ]"#, #""victims": { "host": "PC-1" }"#,
            "$.analysis.victims",
            "expected array, found object"
        ),
        (#""title": "C2 traffic from PC-1""#, #""title": null"#, "$.title", "expected string, found null"),
        (
            #""actions": ["Isolate PC-1."]"#, #""actions": [true]"#, "$.recommendations.actions[0]",
            "expected string, found boolean"
        ),
    ])
    func wrongType(fragment: String, replacement: String, path: String, message: String) throws {
        let problems = Fixtures.problems(try Fixtures.incident(replacing: fragment, with: replacement))
        #expect(problems == [Problem(path: path, message: message)])
    }

    @Test(arguments: [
        ("2026-11-02T10:15:00", "the UTC offset (Z or ±hh:mm) is missing"),
        ("2026-11-02 10:15:00+09:00", "expected YYYY-MM-DDThh:mm:ss[.fraction] and Z or ±hh:mm"),
        ("2026-02-29T10:15:00+09:00", "day 29 does not exist in a month of 28 days"),
        ("2026-11-02T24:00:00Z", "hour 24 does not exist"),
        ("2026-11-02T10:15:00+0900", "expected the offset as ±hh:mm"),
        ("2026-11-02T10:15:00.Z", "expected digits after the decimal point"),
        ("02/11/2026", "expected YYYY-MM-DD"),
    ])
    func malformedTimestamp(text: String, reason: String) throws {
        let data = try Fixtures.incident(
            replacing: #""detectedAt": "2026-11-02T10:15:00+09:00""#, with: "\"detectedAt\": \"\(text)\"")
        #expect(
            Fixtures.problems(data) == [
                Problem(
                    path: "$.detectedAt", message: "\"\(text)\" is not an RFC 3339 date-time with offset (\(reason))")
            ])
    }

    @Test func negativePortAndPortAboveRange() throws {
        let json = Fixtures.incident
            .replacingOccurrences(of: #""srcPort": 50123"#, with: #""srcPort": -1"#)
            .replacingOccurrences(of: #""dstPort": 443"#, with: #""dstPort": 70000"#)
        #expect(
            Fixtures.problems(Data(json.utf8)) == [
                Problem(path: "$.attack.logs[0].srcPort", message: "-1 is below the minimum 0"),
                Problem(path: "$.attack.logs[0].dstPort", message: "70000 is above the maximum 65535"),
            ])
    }

    @Test(arguments: ["../etc", "a/b", "..", ".hidden", "", String(repeating: "x", count: 65), "acme\n"])
    func unsafeTenantId(_ id: String) throws {
        let escaped = id.replacingOccurrences(of: "\n", with: "\\n")
        let data = try Fixtures.incident(replacing: #""id": "acme""#, with: "\"id\": \"\(escaped)\"")
        let problems = Fixtures.problems(data)
        #expect(problems.count == 1)
        #expect(problems.first?.path == "$.tenant.id")
        #expect(
            try #require(problems.first).message.hasSuffix(
                "does not match the pattern ^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$"))
    }

    @Test func unknownProperty() throws {
        let data = try Fixtures.incident(replacing: #""host": "PC-1","#, with: #""host": "PC-1", "hostname": "pc1","#)
        #expect(
            Fixtures.problems(data) == [
                Problem(path: "$.analysis.victims[0].hostname", message: "unknown property \"hostname\"")
            ])
    }

    @Test func emptyVictim() throws {
        let data = try Fixtures.incident(replacing: #"{ "host": "PC-1", "ip": "10.0.0.5" }"#, with: "{}")
        #expect(
            Fixtures.problems(data) == [
                Problem(
                    path: "$.analysis.victims[0]",
                    message: "must not be empty: at least 1 of its properties is required")
            ])
    }

    @Test func emptyTitle() throws {
        let data = try Fixtures.incident(replacing: #""title": "C2 traffic from PC-1""#, with: #""title": """#)
        #expect(Fixtures.problems(data) == [Problem(path: "$.title", message: "must not be empty")])
    }

    @Test func overlongTextCountsCharacters() throws {
        // 20,000 three-byte characters fit maxLength 20000; one more does not.
        let fits = try Fixtures.incident(replacing: "Every 60 seconds.", with: String(repeating: "あ", count: 20_000))
        #expect(Fixtures.problems(fits) == [])
        let tooLong = try Fixtures.incident(replacing: "Every 60 seconds.", with: String(repeating: "あ", count: 20_001))
        #expect(
            Fixtures.problems(tooLong) == [
                Problem(path: "$.attack.description", message: "is 20001 characters long, more than the maximum 20000")
            ])
    }

    @Test func inputOverTheSizeLimit() {
        let data = Data(repeating: UInt8(ascii: " "), count: 30 * 1024 * 1024)
        #expect(
            Fixtures.problems(data) == [
                Problem(
                    path: "$", message: "the input is 31457280 bytes, more than the limit of 16777216 bytes (16 MiB)")
            ])
    }

    @Test(arguments: [String(repeating: "[", count: 10_000), String(repeating: #"{"a":"#, count: 10_000)])
    func deepNestingIsAnError(_ json: String) throws {
        let problems = Fixtures.problems(Data(json.utf8))
        #expect(problems.count == 1)
        #expect(try #require(problems.first).message.hasSuffix("nesting is deeper than 256 levels"))
    }

    @Test func duplicateKey() throws {
        let data = try Fixtures.incident(
            replacing: #""severity": "serious","#, with: #""severity": "serious", "title": "Again","#)
        #expect(
            Fixtures.problems(data) == [
                Problem(path: "$", message: "not valid JSON: line 7, column 26: duplicate key \"title\"")
            ])
    }

    @Test func badBlockIps() throws {
        let data = try Fixtures.incident(
            replacing: #"["203.0.113.9", "2001:db8::/32"]"#,
            with: #"["999.1.1.1", "10.0.0.0/33", "10.0.0.0/8", "2001:db8::/129", "10.0.0.0/"]"#)
        #expect(
            Fixtures.problems(data) == [
                Problem(
                    path: "$.recommendations.blockIps[0]",
                    message: "\"999.1.1.1\" is not an IPv4 or IPv6 address or CIDR block"),
                Problem(
                    path: "$.recommendations.blockIps[1]",
                    message: "\"10.0.0.0/33\" has the prefix length 33, above the IPv4 maximum 32"),
                Problem(
                    path: "$.recommendations.blockIps[3]",
                    message: "\"2001:db8::/129\" has the prefix length 129, above the IPv6 maximum 128"),
                Problem(
                    path: "$.recommendations.blockIps[4]",
                    message: "\"10.0.0.0/\" has no valid prefix length after the '/'"),
            ])
    }

    @Test func badAddresses() throws {
        let json = Fixtures.incident
            .replacingOccurrences(of: #""ip": "10.0.0.5""#, with: #""ip": "PC-1""#)
            .replacingOccurrences(of: #""dstIp": "203.0.113.9""#, with: #""dstIp": "10.0.0.256""#)
        #expect(
            Fixtures.problems(Data(json.utf8)) == [
                Problem(path: "$.analysis.victims[0].ip", message: "\"PC-1\" is not an IPv4 or IPv6 address"),
                Problem(path: "$.attack.logs[0].dstIp", message: "\"10.0.0.256\" is not an IPv4 or IPv6 address"),
            ])
    }

    @Test func timesOutOfOrder() throws {
        let json = Fixtures.incident
            .replacingOccurrences(
                of: #""determinedAt": "2026-11-02T10:45:00+09:00""#, with: #""determinedAt": "2026-11-02T01:00:00Z""#
            )
            .replacingOccurrences(
                of: #""lastSeenAt": "2026-11-02T10:00:00+09:00""#, with: #""lastSeenAt": "2026-11-02T08:00:00+09:00""#)
        #expect(
            Fixtures.problems(Data(json.utf8)) == [
                Problem(
                    path: "$.determinedAt",
                    message: "determinedAt 2026-11-02T01:00:00Z is before detectedAt 2026-11-02T10:15:00+09:00"),
                Problem(
                    path: "$.analysis.lastSeenAt",
                    message: "lastSeenAt 2026-11-02T08:00:00+09:00 is before occurredAt 2026-11-02T09:00:00+09:00"),
            ])
    }

    @Test func notifiedBeforeDetermined() throws {
        let data = try Fixtures.incident(
            replacing: #""notifiedAt": "2026-11-02T10:55:00+09:00""#,
            with: #""notifiedAt": "2026-11-02T10:30:00+09:00""#)
        #expect(
            Fixtures.problems(data) == [
                Problem(
                    path: "$.notifiedAt",
                    message: "notifiedAt 2026-11-02T10:30:00+09:00 is before determinedAt 2026-11-02T10:45:00+09:00")
            ])
    }

    @Test func unknownTimeZone() throws {
        let data = try Fixtures.incident(
            replacing: #""name": "ACME" }"#, with: #""name": "ACME", "timeZone": "Asia/Tokio" }"#)
        #expect(
            Fixtures.problems(data) == [
                Problem(path: "$.tenant.timeZone", message: "\"Asia/Tokio\" is not a known IANA time zone")
            ])
    }

    @Test func severalProblemsAtOnce() throws {
        let json = Fixtures.incident
            .replacingOccurrences(of: #""title": "C2 traffic from PC-1","#, with: "")
            .replacingOccurrences(of: #""severity": "serious""#, with: #""severity": "extreme""#)
            .replacingOccurrences(of: #""ip": "10.0.0.5""#, with: #""ip": 10"#)
            .replacingOccurrences(
                of: #""stage": "command-and-control","#, with: #""stage": "command-and-control", "foo": 1,"#
            )
            .replacingOccurrences(of: #""time": "2026-11-02T09:00:01+09:00""#, with: #""time": "yesterday""#)
        let error = try #require(throws: InvalidDocument.self) {
            try DocumentReader.read(Data(json.utf8), source: "bad.json")
        }
        #expect(
            error.problems == [
                Problem(path: "$", message: "required property \"title\" is missing"),
                Problem(
                    path: "$.severity", message: "\"extreme\" is not one of critical, serious, medium, information"),
                Problem(path: "$.analysis.victims[0].ip", message: "expected string, found integer"),
                Problem(path: "$.attack.foo", message: "unknown property \"foo\""),
                Problem(
                    path: "$.attack.logs[0].time",
                    message: "\"yesterday\" is not an RFC 3339 date-time with offset (expected YYYY-MM-DD)"),
            ])
        #expect(error.source == "bad.json")
        #expect(error.description.split(separator: "\n").first == "bad.json: $: required property \"title\" is missing")
        #expect(error.description.split(separator: "\n").count == 5)
    }

    @Test func problemsAreCapped() throws {
        let log = #"{ "time": "2026-11-02T09:00:01+09:00", "source": "router" }"#
        let logs = Array(repeating: log, count: 150).joined(separator: ",")
        let data = try Fixtures.incident(replacing: #""action": "allowed" }"#, with: #""action": "allowed" }, "# + logs)
        let problems = Fixtures.problems(data)
        #expect(problems.count == 101)
        #expect(problems[0].path == "$.attack.logs[1].source")
        #expect(problems[99].path == "$.attack.logs[100].source")
        #expect(problems.last == Problem(path: "$", message: "… and 50 more problems"))
    }
}
