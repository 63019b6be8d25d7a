import Foundation
import SOCModel

/// The workbench's form of an incident: a control for every field of the contract, each named by the
/// JSON path it fills (`title`, `analysis.victims[0].host`, `recommendations.blockIps`). Lists are
/// textareas of lines; times are the tenant's wall-clock time (`datetime-local`). The form turns into
/// an incident document and back, and places each problem of the document beside its control.
struct DraftForm {
    enum Kind: Equatable {
        case text, textarea, integer, datetime
        case select([String])
        /// One item per line.
        case lines
        /// Domains, URLs or addresses, one per line, defanged or not: refanged and de-duplicated.
        case indicators
        /// "name | id | product" per line.
        case signatures
        /// "T1566.001 name" per line.
        case techniques
        /// "2026-03-12T10:05 what happened" per line, in the tenant's time.
        case timeline
        /// CSV or TSV with a header row of field names, or NDJSON.
        case logs
        case finding
        /// `analysis.victims[i].host|ip|user|department|description`, a row each.
        case victims
    }

    struct Field {
        var name: String
        var kind: Kind
    }

    static let victimColumns = ["host", "ip", "user", "department", "description"]

    /// The form's sections (by their label) and controls, in the contract's order.
    static let sections: [(label: String, fields: [Field])] = [
        (
            "web.sectionReport",
            [
                Field(name: "id", kind: .text), Field(name: "revision", kind: .integer),
                Field(name: "revisionNote", kind: .textarea),
                Field(name: "title", kind: .text),
                Field(name: "severity", kind: .select(Severity.allCases.map(\.rawValue))),
                Field(name: "threatType", kind: .select(ThreatType.allCases.map(\.rawValue))),
                Field(name: "tlp", kind: .select(TLP.allCases.map(\.rawValue))),
                Field(name: "language", kind: .select(Language.allCases.map(\.rawValue))),
                Field(name: "analysts", kind: .lines),
            ]
        ),
        (
            "web.sectionTimes",
            [
                Field(name: "detectedAt", kind: .datetime), Field(name: "determinedAt", kind: .datetime),
                Field(name: "analysis.occurredAt", kind: .datetime),
                Field(name: "analysis.lastSeenAt", kind: .datetime),
            ]
        ),
        (
            "web.sectionAnalysis",
            [
                Field(name: "analysis.summary", kind: .textarea), Field(name: "analysis.victims", kind: .victims),
                Field(name: "analysis.attackKeywords", kind: .lines),
                Field(name: "analysis.dataLeakage", kind: .finding),
                Field(name: "analysis.targetedAttack", kind: .finding),
            ]
        ),
        (
            "web.sectionRecommendations",
            [
                Field(name: "recommendations.actions", kind: .lines),
                Field(name: "recommendations.blockDomains", kind: .indicators),
                Field(name: "recommendations.blockUrls", kind: .indicators),
                Field(name: "recommendations.blockIps", kind: .indicators),
                Field(name: "recommendations.blockSignatures", kind: .signatures),
            ]
        ),
        (
            "web.sectionAttack",
            [
                Field(name: "attack.overview", kind: .textarea),
                Field(name: "attack.stage", kind: .select(KillChainStage.allCases.map(\.rawValue))),
                Field(name: "attack.description", kind: .textarea), Field(name: "attack.techniques", kind: .techniques),
                Field(name: "attack.timeline", kind: .timeline), Field(name: "attack.logs", kind: .logs),
            ]
        ),
    ]

    static let fields = sections.flatMap(\.fields)

    /// The controls as posted (or as a stored document shows them), by name.
    var values: [String: String]
    let zone: TimeZone
    /// The contract field each column of the tenant's log exports fills ("" for one left out), as confirmed.
    var logColumns: [String: String] = [:]

    /// The fields of a log record, which a CSV or TSV header row may name as they are.
    static let logFields = [
        "time", "source", "device", "srcIp", "srcPort", "dstIp", "dstPort", "protocol", "user", "host", "url", "method",
        "status", "action", "signature", "category", "bytesSent", "bytesReceived", "message",
    ]
    /// The controls confirming a column: `logs.column.<header>`.
    static let logColumnPrefix = "logs.column."

    /// The columns confirmed in the posted form, by header.
    var postedLogColumns: [String: String] {
        Dictionary(
            values.compactMap { key, field in
                key.hasPrefix(Self.logColumnPrefix) && (field.isEmpty || Self.logFields.contains(field))
                    ? (String(key.dropFirst(Self.logColumnPrefix.count)), field) : nil
            }, uniquingKeysWith: { a, _ in a })
    }

    /// The header row of CSV or TSV log records, none for NDJSON.
    var logHeaders: [String] {
        let lines = (values["attack.logs"] ?? "").split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let first = lines.first(where: { !$0.isEmpty }), !first.hasPrefix("{") else { return [] }
        return Self.cells(first, first.contains("\t") ? "\t" : ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Header columns that are not the contract's field names and were never confirmed for the tenant.
    var unconfirmedLogColumns: [String] { logHeaders.filter { !Self.logFields.contains($0) && logColumns[$0] == nil } }

    /// A guess at the field a column fills, by its name without case and punctuation ("Src_IP" → srcIp).
    static func guessedLogField(_ header: String) -> String {
        let plain = header.lowercased().filter { $0.isLetter || $0.isNumber }
        return logFields.first { $0.lowercased() == plain } ?? ""
    }

    // MARK: - Form to document

    /// The incident document the controls describe (without kind, version and tenant, which are the
    /// workbench's), and for each list control the line each item came from.
    func document() -> (object: [String: Any], lines: [String: [Int]]) {
        var object: [String: Any] = [:]
        var lineNumbers: [String: [Int]] = [:]
        for field in Self.fields {
            let path = field.name.split(separator: ".").map(String.init)
            let raw = values[field.name] ?? ""
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            switch field.kind {
            case .text, .textarea, .select:
                if !text.isEmpty { Self.set(&object, path, text) }
            case .integer:
                if !text.isEmpty { Self.set(&object, path, Int(text).map { $0 as Any } ?? text) }
            case .datetime:
                if !text.isEmpty { Self.set(&object, path, timestamp(text)) }
            case .lines, .indicators, .signatures, .techniques, .timeline:
                let (items, numbers) = listItems(raw, field.kind)
                if !items.isEmpty { Self.set(&object, path, items); lineNumbers[field.name] = numbers }
            case .logs:
                let (records, numbers) = logRecords(raw)
                if !records.isEmpty { Self.set(&object, path, records); lineNumbers[field.name] = numbers }
            case .finding:
                var finding: [String: Any] = [:]
                switch values[field.name + ".found"] {
                case "true": finding["found"] = true;
                case "false": finding["found"] = false;
                default: break
                }
                let description = (values[field.name + ".description"] ?? "").trimmingCharacters(
                    in: .whitespacesAndNewlines)
                if !description.isEmpty { finding["description"] = description }
                let evidence = listItems(values[field.name + ".evidence"] ?? "", .lines).items
                if !evidence.isEmpty { finding["evidence"] = evidence }
                if !finding.isEmpty { Self.set(&object, path, finding) }
            case .victims:
                var victims: [[String: Any]] = []
                for row in 0..<victimRows {
                    var victim: [String: Any] = [:]
                    for column in Self.victimColumns {
                        let value = (values["\(field.name)[\(row)].\(column)"] ?? "").trimmingCharacters(
                            in: .whitespacesAndNewlines)
                        if !value.isEmpty { victim[column] = value }
                    }
                    if !victim.isEmpty { victims.append(victim) }
                }
                if !victims.isEmpty { Self.set(&object, path, victims) }
            }
        }
        return (object, lineNumbers)
    }

    /// Rows of victims the controls hold: one past the highest index posted (at most 200).
    var victimRows: Int {
        let prefix = "analysis.victims["
        let indexes = values.keys.compactMap { key -> Int? in
            guard key.hasPrefix(prefix), let end = key.firstIndex(of: "]") else { return nil }
            return Int(key[key.index(key.startIndex, offsetBy: prefix.count)..<end])
        }
        return min((indexes.max() ?? -1) + 1, 200)
    }

    /// A list control's items and the line (from 1) each came from; blank lines are skipped.
    private func listItems(_ text: String, _ kind: Kind) -> (items: [Any], lines: [Int]) {
        var items: [Any] = [], lines: [Int] = [], seen: Set<String> = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { continue }
            let item: Any
            switch kind {
            case .indicators:
                let value = Self.refanged(line)
                // The same indicator twice (as pasted from two sources) is listed once.
                guard seen.insert(value.lowercased()).inserted else { continue }
                item = value
            case .signatures:
                let parts = line.split(separator: "|", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                var signature: [String: Any] = ["name": parts[0]]
                if parts.count > 1, !parts[1].isEmpty { signature["id"] = parts[1] }
                if parts.count > 2, !parts[2].isEmpty { signature["product"] = parts[2] }
                item = signature
            case .techniques:
                let (id, name) = Self.firstWord(line)
                item = name.isEmpty ? ["id": id] : ["id": id, "name": name]
            case .timeline:
                let (at, event) = Self.firstWord(line)
                item = ["at": timestamp(at), "event": event]
            default:
                item = line
            }
            items.append(item)
            lines.append(n + 1)
        }
        return (items, lines)
    }

    /// Log records: NDJSON when the first line is an object, else CSV or TSV (by the header's tabs) whose
    /// header row names the contract's fields. A line that is no record is kept as its text, for the
    /// validator to report at its place.
    private func logRecords(_ text: String) -> (records: [Any], lines: [Int]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        }
        guard let first = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            return ([], [])
        }
        var records: [Any] = [], numbers: [Int] = []
        if lines[first].trimmingCharacters(in: .whitespaces).hasPrefix("{") {
            for (n, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                records.append((try? JSONSerialization.jsonObject(with: Data(line.utf8))) ?? line)
                numbers.append(n + 1)
            }
            return (records, numbers)
        }
        let separator: Character = lines[first].contains("\t") ? "\t" : ","
        // A column not named as a contract field fills the field the analyst confirmed for it, or none.
        let header = Self.cells(lines[first], separator).map { $0.trimmingCharacters(in: .whitespaces) }
            .map { Self.logFields.contains($0) ? $0 : logColumns[$0] ?? $0 }
        for n in (first + 1)..<lines.count where !lines[n].trimmingCharacters(in: .whitespaces).isEmpty {
            var record: [String: Any] = [:]
            for (column, cell) in zip(header, Self.cells(lines[n], separator)) {
                let cell = cell.trimmingCharacters(in: .whitespaces)
                guard !cell.isEmpty, !column.isEmpty else { continue }
                switch column {
                case "time": record[column] = timestamp(cell)
                case "srcPort", "dstPort", "status", "bytesSent", "bytesReceived":
                    record[column] = Int(cell).map { $0 as Any } ?? cell
                default: record[column] = cell
                }
            }
            records.append(record)
            numbers.append(n + 1)
        }
        return (records, numbers)
    }

    /// One CSV or TSV line's cells; double quotes around a cell keep separators in it ("" is a quote).
    static func cells(_ line: String, _ separator: Character) -> [String] {
        var cells: [String] = [], cell = "", quoted = false, previous: Character?
        for character in line {
            if character == "\"" {
                if !quoted, previous == "\"" { cell.append("\"") }
                quoted.toggle()
            } else if character == separator, !quoted {
                cells.append(cell); cell = ""
            } else {
                cell.append(character)
            }
            previous = character
        }
        cells.append(cell)
        return cells
    }

    /// A time as written: the tenant's wall-clock time ("2026-03-12T10:05", seconds optional) becomes
    /// RFC 3339 with the tenant's offset; anything else is kept for the validator to report.
    func timestamp(_ text: String) -> String {
        if Timestamp(rfc3339: text) != nil { return text }
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"] {
            let formatter = Self.formatter(format, zone)
            if let date = formatter.date(from: text) { return Timestamp(date, in: zone).text }
        }
        return text
    }

    /// `text` in the tenant's wall-clock time as a `datetime-local` control shows it, when it is RFC 3339.
    func localTime(_ text: String) -> String {
        guard let timestamp = Timestamp(rfc3339: text) else { return text }
        return Self.formatter("yyyy-MM-dd'T'HH:mm", zone).string(from: timestamp.date)
    }

    private static func formatter(_ format: String, _ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = zone
        formatter.dateFormat = format
        formatter.isLenient = false
        return formatter
    }

    /// An indicator as analysts paste it, defanged for safe sharing ("hxxps://evil[.]example", "10.0.0[.]1"),
    /// made usable again.
    static func refanged(_ text: String) -> String {
        var value = text
        for (defanged, plain) in [
            ("[.]", "."), ("(.)", "."), ("{.}", "."), ("[dot]", "."), ("[:]", ":"), ("[://]", "://"), ("[/]", "/"),
            ("[@]", "@"),
        ] {
            value = value.replacingOccurrences(of: defanged, with: plain, options: .caseInsensitive)
        }
        for (defanged, plain) in [("hxxps://", "https://"), ("hxxp://", "http://"), ("fxp://", "ftp://")]
        where value.lowercased().hasPrefix(defanged) {
            value = plain + value.dropFirst(defanged.count)
        }
        return value
    }

    private static func firstWord(_ line: String) -> (String, String) {
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (line, "") }
        return (String(line[..<space]), line[space...].trimmingCharacters(in: .whitespaces))
    }

    private static func set(_ object: inout [String: Any], _ path: [String], _ value: Any) {
        guard let key = path.first else { return }
        if path.count == 1 { object[key] = value; return }
        var child = object[key] as? [String: Any] ?? [:]
        set(&child, Array(path.dropFirst()), value)
        object[key] = child
    }

    // MARK: - Document to form

    /// The controls showing `object`, an incident document as stored.
    init(document object: [String: Any], zone: TimeZone) {
        self.zone = zone
        values = [:]
        func at(_ name: String) -> Any? {
            name.split(separator: ".").reduce(object as Any?) { ($0 as? [String: Any])?[String($1)] }
        }
        func string(_ value: Any?) -> String {
            switch value {
            case let text as String: text
            case let number as Int: String(number)
            case nil: ""
            case let other?:
                (try? JSONSerialization.data(withJSONObject: other, options: [.sortedKeys, .fragmentsAllowed]))
                    .map { String(decoding: $0, as: UTF8.self) } ?? ""
            }
        }
        for field in Self.fields {
            let value = at(field.name)
            switch field.kind {
            case .text, .textarea, .select, .integer:
                values[field.name] = string(value)
            case .datetime:
                values[field.name] = localTime(string(value))
            case .lines, .indicators:
                values[field.name] = (value as? [Any] ?? []).map(string).joined(separator: "\n")
            case .signatures:
                values[field.name] = (value as? [[String: Any]] ?? []).map { signature in
                    [string(signature["name"]), string(signature["id"]), string(signature["product"])]
                        .reversed().drop(while: \.isEmpty).reversed().joined(separator: " | ")
                }.joined(separator: "\n")
            case .techniques:
                values[field.name] = (value as? [[String: Any]] ?? []).map {
                    "\(string($0["id"])) \(string($0["name"]))".trimmingCharacters(in: .whitespaces)
                }
                .joined(separator: "\n")
            case .timeline:
                values[field.name] = (value as? [[String: Any]] ?? []).map {
                    "\(localTime(string($0["at"]))) \(string($0["event"]))"
                }.joined(separator: "\n")
            case .logs:
                values[field.name] = (value as? [Any] ?? []).map(string).joined(separator: "\n")
            case .finding:
                let finding = value as? [String: Any] ?? [:]
                values[field.name + ".found"] = (finding["found"] as? Bool).map { $0 ? "true" : "false" } ?? ""
                values[field.name + ".description"] = string(finding["description"])
                values[field.name + ".evidence"] = (finding["evidence"] as? [Any] ?? []).map(string).joined(
                    separator: "\n")
            case .victims:
                for (row, victim) in (value as? [[String: Any]] ?? []).enumerated() {
                    for column in Self.victimColumns {
                        values["\(field.name)[\(row)].\(column)"] = string(victim[column])
                    }
                }
            }
        }
    }

    init(values: [String: String], zone: TimeZone) {
        self.values = values
        self.zone = zone
    }

    // MARK: - Problems beside their controls

    /// The control that holds the value at `path` ("recommendations.blockIps[2]", "analysis.dataLeakage.found").
    static func field(at path: String) -> Field? {
        fields.filter { path == $0.name || path.hasPrefix($0.name + ".") || path.hasPrefix($0.name + "[") }.max {
            $0.name.count < $1.name.count
        }
    }

    /// Each problem under the control it concerns ("" for those of no control): a list item's by its
    /// line, a missing property under the control that would hold it.
    static func place(_ problems: [Problem], lines: [String: [Int]]) -> [String: [(line: Int?, problem: Problem)]] {
        var placed: [String: [(line: Int?, problem: Problem)]] = [:]
        for problem in problems {
            var path = problem.path.hasPrefix("$") ? String(problem.path.dropFirst()) : problem.path
            if path.hasPrefix(".") { path.removeFirst() }
            if let missing = problem.missingProperty { path = path.isEmpty ? missing : path + "." + missing }
            // A victim row's problem goes beside its first control.
            if path.hasPrefix("analysis.victims") {
                let row =
                    path.range(of: #"^analysis\.victims\[\d+\]"#, options: .regularExpression).map { String(path[$0]) }
                    ?? "analysis.victims[0]"
                let column = victimColumns.first { path.hasPrefix(row + "." + $0) } ?? victimColumns[0]
                placed[row + "." + column, default: []].append((nil, problem))
                continue
            }
            guard let field = field(at: path) else {
                placed["", default: []].append((nil, problem))
                continue
            }
            var line: Int?
            if path.hasPrefix(field.name + "["), let close = path.firstIndex(of: "]"),
                let index = Int(path[path.index(path.startIndex, offsetBy: field.name.count + 1)..<close]),
                let numbers = lines[field.name],
                index < numbers.count
            {
                line = numbers[index]
            }
            let name =
                field.kind == .finding
                ? field.name
                    + (path.hasPrefix(field.name + ".")
                        ? String(path.dropFirst(field.name.count)).split(separator: "[")[0] : ".found")
                : field.name
            placed[name, default: []].append((line, problem))
        }
        return placed
    }
}
