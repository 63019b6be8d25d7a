import Foundation
import Testing

/// `socreport incident render`, `monthly render` and `validate` through the built binary: invalid and hostile
/// inputs, failed writes, previews, languages. Every case runs its processes concurrently with the others.
@Suite
struct RenderCommandTests {
    // MARK: - Invalid documents

    /// A document `incident render` and `validate` refuse, and the problems they print, as "$.path: message".
    struct BadInput: Sendable, CustomTestStringConvertible {
        struct Built {
            var bytes: Data
            var render: [String]
            /// nil when `validate` accepts the bytes (it takes arrays of documents, as `ingest` does).
            var validate: [String]?
        }

        var name: String
        var make: @Sendable () throws -> Built
        var testDescription: String { name }

        /// The sample incident edited; both commands report the same problems.
        static func edited(_ name: String, _ edits: [([JSONStep], Any?)], _ problems: [String]) -> BadInput {
            let bytes = Result { try Samples.incident(edits) } // built here: the edits are not Sendable
            return BadInput(name: name) { Built(bytes: try bytes.get(), render: problems, validate: problems) }
        }
    }

    static let knownKinds = "incident, monthly, tenants, metrics, notes, news"

    static let badInputs: [BadInput] = [
        BadInput(name: "not JSON") {
            let problems = ["$: not valid JSON: line 1, column 1: invalid literal, expected true"]
            return .init(bytes: Data("this is a note, not a document\n".utf8), render: problems, validate: problems)
        },
        BadInput(name: "malformed JSON after Japanese text, located by line and character column") {
            // `"title": "公開…攻撃" "extra",`: the column counts characters, not UTF-8 bytes.
            var lines = try String(contentsOf: Samples.incidentFile, encoding: .utf8).components(separatedBy: "\n")
            let index = try #require(lines.firstIndex { $0.hasPrefix(#" "title": "#) })
            let good = String(lines[index].dropLast()) // without its comma
            lines[index] = good + #" "extra","#
            let problem =
                "$: not valid JSON: line \(index + 1), column \(good.unicodeScalars.count + 2): "
                + #"expected ',' or '}' after an object member, found '"'"#
            return .init(bytes: Data(lines.joined(separator: "\n").utf8), render: [problem], validate: [problem])
        },
        BadInput(name: "truncated JSON") {
            let text = try String(contentsOf: Samples.incidentFile, encoding: .utf8)
            // Ends inside the `analysts` array: `"Saito"`, a newline, a space.
            let cut = String(text.prefix { $0 != "]" })
            let lines = cut.components(separatedBy: "\n")
            let problem =
                "$: not valid JSON: line \(lines.count), column \(lines.last!.unicodeScalars.count + 1): "
                + "expected ',' or ']' after an array element, found end of input"
            return .init(bytes: Data(cut.utf8), render: [problem], validate: [problem])
        },
        BadInput(name: "not UTF-8 (a Shift_JIS title)") {
            var bytes = try Samples.incident([(["title"], "@@TITLE@@")])
            let offset = try #require(bytes.offset(of: "@@TITLE@@"))
            bytes.replaceSubrange(offset..<offset + 9, with: [0x8D, 0x55, 0x8C, 0x82]) // 「攻撃」 in Shift_JIS
            let problem = "$: not UTF-8: invalid byte 0x8D at byte offset \(offset)"
            return .init(bytes: bytes, render: [problem], validate: [problem])
        },
        BadInput(name: "a JSON array instead of an object") {
            let incident = try Data(contentsOf: Samples.incidentFile)
            return .init(
                bytes: Data("[".utf8) + incident + Data("]".utf8),
                render: [#"$: expected a JSON object (a document of kind "incident"), found array"#], validate: nil)
        },
        BadInput(name: "a misspelt kind") {
            .init(
                bytes: try Samples.incident([(["kind"], "incidents")]),
                render: [#"$: expected a document of kind "incident", found kind "incidents""#],
                validate: [#"$: unknown kind "incidents"; it must be one of \#(knownKinds)"#])
        },
        BadInput(name: "no kind") {
            .init(
                bytes: try Samples.incident([(["kind"], nil)]),
                render: [#"$: required property "kind" is missing"#],
                validate: [#"$: required property "kind" is missing; it must be one of \#(knownKinds)"#])
        },
        .edited(
            "missing required fields",
            [(["title"], nil), (["analysis", "summary"], nil), (["attack", "stage"], nil)],
            [
                #"$: required property "title" is missing"#,
                #"$.analysis: required property "summary" is missing"#,
                #"$.attack: required property "stage" is missing"#,
            ]),
        .edited(
            "an unknown severity", [(["severity"], "catastrophic")],
            [
                #"$.severity: "catastrophic" is not one of critical, serious, medium, information"#
            ]),
        .edited(
            "an unknown threat type", [(["threatType"], "ransomware")],
            [
                #"$.threatType: "ransomware" is not one of malware-infection, c2-communication, targeted-attack, phishing, "#
                    + "exploit-attempt, data-exfiltration, unauthorized-access, reconnaissance, denial-of-service, policy-violation, other"
            ]),
        .edited(
            "an unknown kill-chain stage", [(["attack", "stage"], "lateral-movement")],
            [
                #"$.attack.stage: "lateral-movement" is not one of reconnaissance, weaponization, delivery, exploitation, "#
                    + "installation, command-and-control, actions-on-objectives"
            ]),
        .edited(
            "wrong types",
            [
                (["revision"], "1"), (["title"], 42), (["analysis", "victims"], ["host": "PC-9273"]),
                (["attack", "logs", 0, "srcPort"], "50463"), (["analysis", "dataLeakage", "found"], "yes"),
            ],
            [
                "$.analysis.dataLeakage.found: expected boolean, found string",
                "$.analysis.victims: expected array, found object",
                "$.attack.logs[0].srcPort: expected integer, found string",
                "$.revision: expected integer, found string",
                "$.title: expected string, found integer",
            ]),
        .edited(
            "malformed timestamps",
            [
                (["detectedAt"], "2025-10-05 11:23"), (["attack", "timeline", 0, "at"], "2025-13-05T10:07:39+09:00"),
                (["notifiedAt"], "yesterday"),
            ],
            [
                #"$.attack.timeline[0].at: "2025-13-05T10:07:39+09:00" is not an RFC 3339 date-time with offset (month 13 does not exist)"#,
                #"$.detectedAt: "2025-10-05 11:23" is not an RFC 3339 date-time with offset (expected YYYY-MM-DDThh:mm:ss[.fraction] and Z or ±hh:mm)"#,
                #"$.notifiedAt: "yesterday" is not an RFC 3339 date-time with offset (expected YYYY-MM-DD)"#,
            ]),
        .edited(
            "a timestamp without a UTC offset", [(["determinedAt"], "2025-10-05T13:08:39")],
            [
                #"$.determinedAt: "2025-10-05T13:08:39" is not an RFC 3339 date-time with offset (the UTC offset (Z or ±hh:mm) is missing)"#
            ]),
        .edited(
            "negative ports", [(["attack", "logs", 1, "dstPort"], -1), (["attack", "logs", 2, "srcPort"], -58836)],
            [
                "$.attack.logs[1].dstPort: -1 is below the minimum 0",
                "$.attack.logs[2].srcPort: -58836 is below the minimum 0",
            ]),
        .edited(
            "a tenant id with a slash", [(["tenant", "id"], "acme/../../etc")],
            [
                #"$.tenant.id: "acme/../../etc" does not match the pattern ^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$"#
            ]),
        .edited(
            "the tenant id ..", [(["tenant", "id"], "..")],
            [
                #"$.tenant.id: ".." does not match the pattern ^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$"#
            ]),
        BadInput(name: "a 30 MB file") {
            // A well-formed document, refused for its size alone: the message gives the real size, not
            // the 16 MiB + 1 bytes read before refusing.
            let bytes = try Samples.thirtyMegabytes()
            let problem = "$: the input is \(bytes.count) bytes, more than the limit of 16777216 bytes (16 MiB)"
            return .init(bytes: bytes, render: [problem], validate: [problem])
        },
        BadInput(name: "arrays nested 10,000 levels deep") {
            let prefix = #"{"kind":"incident","schemaVersion":1,"attack":"#
            let text = prefix + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
            // The object is level 1; the bracket opening level 257 is the 256th.
            let problem = "$: not valid JSON: line 1, column \(prefix.count + 256): nesting is deeper than 256 levels"
            return .init(bytes: Data(text.utf8), render: [problem], validate: [problem])
        },
    ]

    @Test(
        "an invalid document: exit status 2, one line per problem, the existing PDF left as it was",
        arguments: badInputs)
    func invalidDocument(_ input: BadInput) async throws {
        let work = try Workspace()
        defer { withExtendedLifetime(work) {} }
        let dir = work.url
        let built = try input.make()
        let file = dir.appendingPathComponent("input.json")
        try built.bytes.write(to: file)
        let fromFile = try OutputFolder(in: work, name: "out-file")
        let fromStdin = try OutputFolder(in: work, name: "out-stdin")

        async let renderFile = Exec.socreport(
            ["incident", "render", "input.json", "-o", "out-file/report.pdf"], in: dir)
        async let renderStdin = Exec.socreport(
            ["incident", "render", "-", "-o", "out-stdin/report.pdf", "--png", "previews"],
            stdin: file, in: dir)
        async let validateFile = Exec.socreport(["validate", "input.json"], in: dir)
        async let validateStdin = Exec.socreport(["validate", "-"], stdin: file, in: dir)

        func expectRefused(_ outcome: Outcome, _ source: String, _ problems: [String], _ what: String) {
            #expect(!outcome.signalled && outcome.status == 2, "\(what): \(outcome)")
            #expect(outcome.stdout == "", "\(what)")
            #expect(outcome.stderr == problems.map { "\(source): \($0)\n" }.joined(), "\(what)")
        }
        expectRefused(try await renderFile, "input.json", built.render, "render FILE")
        expectRefused(try await renderStdin, "<stdin>", built.render, "render -")
        try fromFile.expectUntouched("render FILE")
        try fromStdin.expectUntouched("render -")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("previews").path))

        let validated = [(try await validateFile, "input.json"), (try await validateStdin, "<stdin>")]
        for (outcome, source) in validated {
            if let problems = built.validate {
                expectRefused(outcome, source, problems, "validate \(source)")
            } else {
                #expect(!outcome.signalled && outcome.status == 0, "validate \(source): \(outcome)")
                #expect(outcome.stdout == "\(source): ok (incident)\n" && outcome.stderr == "")
            }
        }
    }

    @Test(
        "standard input: nothing is malformed JSON; 30 MB through a pipe is refused, its size unknown, without reading it all"
    )
    func oversizedPipe() async throws {
        let work = try Workspace()
        defer { withExtendedLifetime(work) {} }
        let dir = work.url
        let file = dir.appendingPathComponent("big.json")
        try Samples.thirtyMegabytes().write(to: file)
        let out = try OutputFolder(in: work)
        // `cat` may die of SIGPIPE when socreport stops reading, or say "Broken pipe" where the test process
        // (SwiftNIO in it) left SIGPIPE ignored for its children; only socreport's status and words count.
        let script = #"""
            "$0" incident render - -o out/report.pdf < /dev/null; echo "status $?" >&2
            cat big.json 2>/dev/null | "$0" incident render - -o out/report.pdf; echo "status $?" >&2
            """#
        let outcome = try await Exec.run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", script, CLI.binary.path], stdin: nil, in: dir)
        #expect(
            outcome.stderr == """
                <stdin>: $: not valid JSON: line 1, column 1: expected a value, found end of input
                status 2
                <stdin>: $: the input is larger than the limit of 16777216 bytes (16 MiB)
                status 2

                """)
        try out.expectUntouched()
    }

    // MARK: - Files that cannot be read or written

    @Test("a missing or unreadable input: exit status 1 and a line naming it; validate goes on with the others")
    func unreadableInput() async throws {
        let work = try Workspace()
        defer { withExtendedLifetime(work) {} }
        let dir = work.url
        let out = try OutputFolder(in: work)
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("folder.json"), withIntermediateDirectories: true)
        try Samples.incident([(["severity"], "catastrophic")]).write(to: dir.appendingPathComponent("bad.json"))
        let sample = Samples.incidentFile.path

        async let missing = Exec.socreport(["incident", "render", "missing.json", "-o", "out/report.pdf"], in: dir)
        async let folder = Exec.socreport(["incident", "render", "folder.json", "-o", "out/report.pdf"], in: dir)
        async let validateMissing = Exec.socreport(["validate", "missing.json"], in: dir)
        async let validateAll = Exec.socreport(
            ["validate", sample, "missing.json", "folder.json", "bad.json", sample], in: dir)

        let renderMissing = try await missing
        #expect(!renderMissing.signalled && renderMissing.status == 1, "\(renderMissing)")
        #expect(
            renderMissing.stderr == "Error: missing.json: cannot open the file (no such file)\n"
                && renderMissing.stdout == "")
        let renderFolder = try await folder
        #expect(!renderFolder.signalled && renderFolder.status == 1, "\(renderFolder)")
        #expect(
            renderFolder.stderr == "Error: folder.json: cannot read the file (Is a directory)\n"
                && renderFolder.stdout == "")
        try out.expectUntouched()

        let onlyMissing = try await validateMissing
        #expect(!onlyMissing.signalled && onlyMissing.status == 1, "\(onlyMissing)")
        #expect(
            onlyMissing.stderr == "socreport: missing.json: cannot open the file (no such file)\n"
                && onlyMissing.stdout == "")

        // Every file is checked; an invalid document makes the status 2.
        let all = try await validateAll
        #expect(!all.signalled && all.status == 2, "\(all)")
        #expect(all.stdout == "\(sample): ok (incident)\n\(sample): ok (incident)\n")
        #expect(
            all.stderr == """
                socreport: missing.json: cannot open the file (no such file)
                socreport: folder.json: cannot read the file (Is a directory)
                bad.json: $.severity: "catastrophic" is not one of critical, serious, medium, information

                """)
    }

    @Test("an output that cannot be written: exit status 1, one line naming it, nothing left behind")
    func unwritableOutput() async throws {
        let work = try Workspace()
        defer { withExtendedLifetime(work) {} }
        let dir = work.url
        let sample = Samples.incidentFile.path
        try Data("not a folder".utf8).write(to: dir.appendingPathComponent("file"))
        let locked = dir.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("folder.pdf"), withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }

        var targets: [(output: String, message: String)] = [
            (
                "missing/report.pdf",
                "cannot write the PDF: the folder \(dir.appendingPathComponent("missing").path) does not exist"
            ),
            ("file/report.pdf", "cannot write the PDF: \(dir.appendingPathComponent("file").path) is not a folder"),
            ("folder.pdf", "cannot write the PDF: it is a folder"),
            // No one, not even root, creates files in /proc.
            (
                "/proc/socreport-test.pdf",
                "cannot write the PDF: "
                    + (access("/proc", W_OK | X_OK) == 0 ? "No such file or directory" : "Permission denied")
            ),
        ]
        // Root writes into a read-only folder; the case means something only for other users.
        if access(locked.path, W_OK) != 0 {
            targets.append(("locked/report.pdf", "cannot write the PDF: Permission denied"))
        }

        try await withThrowingTaskGroup(of: (String, String, Outcome).self) { group in
            for (output, message) in targets {
                group.addTask {
                    (output, message, try await Exec.socreport(["incident", "render", sample, "-o", output], in: dir))
                }
            }
            for try await (output, message, outcome) in group {
                #expect(!outcome.signalled && outcome.status == 1, "\(output): \(outcome)")
                #expect(outcome.stderr == "Error: \(output): \(message)\n", "\(output)")
                #expect(outcome.stdout == "", "\(output)")
            }
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["file", "folder.pdf", "locked"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: locked.path) == [])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("folder.pdf").path) == [])
    }

    @Test("previews that cannot be written fail the run before the PDF is replaced")
    func unwritablePreviews() async throws {
        let work = try Workspace()
        defer { withExtendedLifetime(work) {} }
        let dir = work.url
        let out = try OutputFolder(in: work)
        try Data("not a folder".utf8).write(to: dir.appendingPathComponent("file"))
        let outcome = try await Exec.socreport(
            ["incident", "render", Samples.incidentFile.path, "-o", "out/report.pdf", "--png", "file/previews"],
            in: dir)
        #expect(!outcome.signalled && outcome.status == 1, "\(outcome)")
        #expect(
            outcome.stderr == "Error: file/previews: cannot write the previews: Not a directory\n"
                && outcome.stdout == "")
        try out.expectUntouched()
    }

    @Test("a render replaces the PDF by renaming a complete new file over it, also when several race")
    func replacesByRename() async throws {
        let work = try Workspace()
        defer { withExtendedLifetime(work) {} }
        let dir = work.url
        let out = try OutputFolder(in: work)
        // A second name for the earlier file: written in place, it would change too.
        let earlier = dir.appendingPathComponent("earlier.pdf")
        try FileManager.default.linkItem(at: out.pdf, to: earlier)

        let outcome = try await Exec.socreport(
            ["incident", "render", Samples.incidentFile.path, "-o", "out/report.pdf"], in: dir)
        #expect(!outcome.signalled && outcome.status == 0 && outcome.stderr == "", "\(outcome)")
        try await expectRendered(outcome, out.pdf, as: "out/report.pdf")
        #expect(try Data(contentsOf: earlier) == OutputFolder.previous, "the earlier file itself was not written to")
        let attributes = try FileManager.default.attributesOfItem(atPath: out.pdf.path)
        #expect(attributes[.posixPermissions] as? Int == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.url.path) == ["report.pdf"])

        // Three renders into the same file at once: each replaces it whole.
        let arguments = ["incident", "render", Samples.incidentFile.path, "-o", "out/report.pdf"]
        async let first = Exec.socreport(arguments, in: dir)
        async let second = Exec.socreport(arguments + ["--lang", "en"], in: dir)
        async let third = Exec.socreport(arguments + ["--lang", "ja"], in: dir)
        for outcome in [try await first, try await second, try await third] {
            #expect(!outcome.signalled && outcome.status == 0, "\(outcome)")
        }
        try await PDFCheck.expectValid(out.pdf)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.url.path) == ["report.pdf"])
    }

    @Test("a render killed before it finishes leaves the existing PDF as it was")
    func killedRender() async throws {
        let work = try Workspace()
        defer { withExtendedLifetime(work) {} }
        let dir = work.url
        let out = try OutputFolder(in: work)
        try HostileInput.fiveThousandRows().write(to: dir.appendingPathComponent("input.json"))
        let outcome = try await Exec.socreport(
            ["incident", "render", "input.json", "-o", "out/report.pdf"], in: dir,
            killAfter: .milliseconds(400))
        if outcome.signalled {
            #expect(outcome.status == SIGKILL && outcome.stdout == "")
        } else {
            #expect(outcome.status == 0, "\(outcome)")
        }
        // Killed before the new file was renamed into place: the earlier report, untouched. Killed after it
        // (or not killed): the complete new one. Never anything in between, and no temporary file.
        if try Data(contentsOf: out.pdf) == OutputFolder.previous {
            try out.expectUntouched()
        } else {
            try await PDFCheck.expectValid(out.pdf)
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.url.path) == ["report.pdf"])
        }
    }

    // MARK: - Hostile but valid content

    /// A valid document meant to break the layout, and what must be true of the PDF's text.
    struct HostileInput: Sendable, CustomTestStringConvertible {
        var name: String
        var edits: @Sendable () throws -> Data
        /// How many characters the PDF shows as "[U+XXXX]" (no font has them, or they are control characters
        /// or bidirectional controls); the warning on standard error must give the same number.
        var replaced = 0
        var check: @Sendable (_ text: String, _ pages: Int) -> Void = { _, _ in }
        var testDescription: String { name }

        /// 5,000 copies of a proxy log row, told apart by their source ports 10000…14999.
        @Sendable static func fiveThousandRows() throws -> Data {
            let sample = try Samples.incident()
            let row = ((sample["attack"] as! [String: Any])["logs"] as! [[String: Any]])[2]
            let rows = (0..<5_000).map { i in row.merging(["srcPort": 10_000 + i, "device": "edge-fw-9"]) { $1 } }
            return try Samples.incident([(["attack", "logs"], rows)])
        }
    }

    static let hostileInputs: [HostileInput] = [
        HostileInput(name: "20,000-character paragraphs, one without any break opportunity") {
            try Samples.incident([
                (["analysis", "summary"], String(repeating: "鰯", count: 20_000)),
                (["attack", "overview"], String(repeating: "Ж", count: 20_000)),
                (["attack", "description"], String(repeating: "lorem ", count: 3_333) + "ok"),
            ])
        } check: { text, pages in
            // Nothing lost or repeated across line and page breaks.
            #expect(text.filter { $0 == "鰯" }.count == 20_000)
            #expect(text.filter { $0 == "Ж" }.count == 20_000)
            #expect(text.components(separatedBy: "lorem").count - 1 == 3_333)
            #expect(pages > 10)
        },
        HostileInput(name: "5,000 log rows", edits: HostileInput.fiveThousandRows) { text, pages in
            #expect(text.components(separatedBy: "edge-fw-9").count - 1 == 5_000, "every row, once")
            #expect(text.contains("10000") && text.contains("14999"))
            #expect(pages > 100)
        },
        HostileInput(name: "a 3,000-character URL") {
            var url = "https://evil.example/"
            while url.count < 3_000 { url += "p\(url.count)/" }
            url = String(url.prefix(3_000))
            return try Samples.incident([
                (["recommendations", "blockUrls", 0], url), (["attack", "logs", 2, "url"], url),
            ])
        } check: { text, _ in
            // Defanged, and whole once the line breaks are taken out.
            let joined = text.filter { !$0.isWhitespace }
            var url = "https://evil.example/"
            while url.count < 3_000 { url += "p\(url.count)/" }
            #expect(
                joined.contains("hxxps://evil[.]example/" + url.prefix(3_000).dropFirst("https://evil.example/".count)))
            #expect(!text.contains("https://evil.example"))
        },
        HostileInput(
            name: "emoji",
            edits: {
                try Samples.incident([(["title"], "絵文字 😀🔥👩‍💻🇯🇵"), (["analysis", "victims", 0, "user"], "🔥")])
            }, replaced: 6
        ) { text, _ in
            #expect(text.contains("[U+1F525]") && text.contains("[U+1F1EF]"))
        },
        HostileInput(
            name: "right-to-left text and a bidirectional override",
            edits: {
                try Samples.incident([
                    (["title"], "هجوم التصيد الاحتيالي שלום עולם"),
                    (["analysis", "summary"], "مرحبا بالعالم invoice\u{202E}fdp.exe\u{202C} שלום"),
                ])
            }, replaced: 2
        ) { text, _ in
            // The override that makes "invoice‮fdp.exe" read as "invoiceexe.pdf" is shown, not obeyed.
            #expect(text.contains("invoice[U+202E]fdp.exe[U+202C]"))
        },
        HostileInput(
            name: "control characters",
            edits: {
                try Samples.incident([
                    (["title"], "bell\u{07} escape\u{1B}[31m nul\u{00} del\u{7F} c1\u{85}"),
                    (["analysis", "summary"], "tab\there\r\ncarriage return, vertical tab\u{0B}form feed\u{0C}end"),
                ])
            }, replaced: 7
        ) { text, _ in
            #expect(text.contains("bell[U+0007] escape[U+001B][31m nul[U+0000]"))
        },
        HostileInput(
            name: "zero-width characters",
            edits: {
                try Samples.incident([
                    (["title"], "zero\u{200B}width\u{200C}non\u{200D}joiner\u{FEFF}bom\u{2060}"),
                    (["recommendations", "blockDomains", 0], "ev\u{200B}il.example"),
                ])
            }, replaced: 1
        ) { text, _ in
            #expect(text.contains("zero") && text.contains("bom"))
            // In the title they stay invisible; in an indicator to block, the value shown is the value meant.
            #expect(text.contains("ev[U+200B]il[.]example"))
        },
    ]

    @Test("hostile but valid content renders to a PDF qpdf accepts", arguments: hostileInputs)
    func hostileContent(_ input: HostileInput) async throws {
        let work = try Workspace()
        defer { withExtendedLifetime(work) {} }
        let dir = work.url
        let file = dir.appendingPathComponent("input.json")
        try input.edits().write(to: file)
        let out = try OutputFolder(in: work)
        let outcome = try await Exec.socreport(["incident", "render", "input.json", "-o", "out/report.pdf"], in: dir)
        #expect(!outcome.signalled && outcome.status == 0, "\(outcome)")
        try await expectRendered(outcome, out.pdf, as: "out/report.pdf")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out.url.path) == ["report.pdf"],
            "the earlier file replaced, no temporary file left")
        let text = try await PDFCheck.text(out.pdf)
        input.check(text, try await PDFCheck.pages(out.pdf))

        // Nothing is dropped silently: every character shown as [U+XXXX] is counted in one warning line.
        #expect(text.components(separatedBy: "[U+").count - 1 == input.replaced)
        let warning =
            input.replaced == 0
            ? "" : "socreport: warning: \(input.replaced) character(s) no font can show were written as [U+XXXX]\n"
        #expect(outcome.stderr == warning)
    }

    /// The file is a PDF qpdf accepts, and standard output says how many pages and bytes it has.
    private func expectRendered(
        _ outcome: Outcome, _ pdf: URL, as name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await PDFCheck.expectValid(pdf, sourceLocation: sourceLocation)
        let pages = try await PDFCheck.pages(pdf, sourceLocation: sourceLocation)
        let bytes = try Data(contentsOf: pdf)
        #expect(bytes.prefix(5) == Data("%PDF-".utf8), sourceLocation: sourceLocation)
        #expect(outcome.stdout == "\(name): \(pages) pages, \(bytes.count) bytes\n", sourceLocation: sourceLocation)
    }

    // MARK: - Options and the monthly report

    @Test("--png writes one PNG per page and removes the previews of pages the report no longer has")
    func previews() async throws {
        let work = try Workspace()
        defer { withExtendedLifetime(work) {} }
        let dir = work.url
        let previews = dir.appendingPathComponent("previews")
        try FileManager.default.createDirectory(at: previews, withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: previews.appendingPathComponent("page-042.png"))
        try Data("kept".utf8).write(to: previews.appendingPathComponent("notes.txt"))
        let outcome = try await Exec.socreport(
            ["incident", "render", "-", "-o", "report.pdf", "--png", "previews"],
            stdin: Samples.incidentFile, in: dir)
        #expect(!outcome.signalled && outcome.status == 0, "\(outcome)")
        let pdf = dir.appendingPathComponent("report.pdf")
        try await expectRendered(outcome, pdf, as: "report.pdf")
        let pages = try await PDFCheck.pages(pdf)
        let names = try FileManager.default.contentsOfDirectory(atPath: previews.path).sorted()
        #expect(names == ["notes.txt"] + (1...pages).map { String(format: "page-%03d.png", $0) })
        for page in 1...pages {
            let png = try Data(contentsOf: previews.appendingPathComponent(String(format: "page-%03d.png", page)))
            #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "page \(page)")
            // IHDR width at 60 dpi: A4 is 595.28 pt wide, 496 px.
            #expect(
                png.count > 24 && png[png.startIndex + 16..<png.startIndex + 20].reduce(0) { $0 << 8 | Int($1) } == 496,
                "page \(page)")
        }
    }

    @Test("--lang en gives English headings; the default is the tenant's Japanese")
    func language() async throws {
        let work = try Workspace()
        defer { withExtendedLifetime(work) {} }
        let dir = work.url
        async let english = Exec.socreport(
            ["incident", "render", Samples.incidentFile.path, "-o", "en.pdf", "--lang", "en"], in: dir)
        async let japanese = Exec.socreport(["incident", "render", Samples.incidentFile.path, "-o", "ja.pdf"], in: dir)
        async let unknown = Exec.socreport(
            ["incident", "render", Samples.incidentFile.path, "-o", "fr.pdf", "--lang", "fr"], in: dir)

        let en = try await english, ja = try await japanese
        #expect(!en.signalled && en.status == 0 && en.stderr == "", "\(en)")
        #expect(!ja.signalled && ja.status == 0 && ja.stderr == "", "\(ja)")
        try await expectRendered(en, dir.appendingPathComponent("en.pdf"), as: "en.pdf")
        try await expectRendered(ja, dir.appendingPathComponent("ja.pdf"), as: "ja.pdf")
        let enText = try await PDFCheck.text(dir.appendingPathComponent("en.pdf"), lastPage: 1)
        let jaText = try await PDFCheck.text(dir.appendingPathComponent("ja.pdf"), lastPage: 1)
        for heading in ["Incident Report", "Severity", "Threat type", "Incident ID"] {
            #expect(enText.contains(heading), "\(heading)")
            #expect(!jaText.contains(heading), "\(heading)")
        }
        for heading in ["インシデント報告書", "重要度", "脅威種別", "インシデント ID"] {
            #expect(jaText.contains(heading), "\(heading)")
        }
        #expect(!enText.contains("インシデント報告書") && !enText.contains("脅威種別"))
        // The document's own text stays as written.
        #expect(enText.contains("公開サーバーに対するCVE-2024-21762の脆弱性を狙った攻撃"))

        let fr = try await unknown
        #expect(!fr.signalled && fr.status == 64, "a usage error: \(fr)")
        #expect(fr.stderr.contains("'fr'") && fr.stdout == "")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("fr.pdf").path))
    }

    @Test("monthly render renders a monthly bundle and refuses an incident by its kind")
    func monthly() async throws {
        let work = try Workspace()
        defer { withExtendedLifetime(work) {} }
        let dir = work.url
        let out = try OutputFolder(in: work)
        async let rendered = Exec.socreport(
            ["monthly", "render", Samples.monthlyFile.path, "-o", "monthly.pdf"], in: dir)
        async let refused = Exec.socreport(
            ["monthly", "render", Samples.incidentFile.path, "-o", "out/report.pdf"], in: dir)
        async let refusedStdin = Exec.socreport(
            ["monthly", "render", "-", "-o", "out/report.pdf"], stdin: Samples.incidentFile, in: dir)

        let ok = try await rendered
        #expect(!ok.signalled && ok.status == 0 && ok.stderr == "", "\(ok)")
        try await expectRendered(ok, dir.appendingPathComponent("monthly.pdf"), as: "monthly.pdf")

        for (outcome, source) in [(try await refused, Samples.incidentFile.path), (try await refusedStdin, "<stdin>")] {
            #expect(!outcome.signalled && outcome.status == 2, "\(outcome)")
            #expect(
                outcome.stderr == "\(source): $: expected a document of kind \"monthly\", found kind \"incident\"\n")
            #expect(outcome.stdout == "")
        }
        try out.expectUntouched()
    }

    @Test("validate: any kind of document, arrays of documents, but not an empty array")
    func validateKinds() async throws {
        let work = try Workspace()
        defer { withExtendedLifetime(work) {} }
        let dir = work.url
        let incident = try Data(contentsOf: Samples.incidentFile)
        try (Data("[".utf8) + incident + Data(",".utf8) + (try Data(contentsOf: Samples.monthlyFile)) + Data("]".utf8))
            .write(to: dir.appendingPathComponent("both.json"))
        try Data("[]".utf8).write(to: dir.appendingPathComponent("empty.json"))
        try Data(#"[42, {"kind": "incident"}]"#.utf8).write(to: dir.appendingPathComponent("odd.json"))

        async let good = Exec.socreport(
            ["validate", Samples.incidentFile.path, Samples.monthlyFile.path, "both.json"], in: dir)
        async let empty = Exec.socreport(["validate", "empty.json"], in: dir)
        async let odd = Exec.socreport(["validate", "odd.json"], in: dir)

        let ok = try await good
        #expect(!ok.signalled && ok.status == 0 && ok.stderr == "", "\(ok)")
        #expect(
            ok.stdout
                == "\(Samples.incidentFile.path): ok (incident)\n\(Samples.monthlyFile.path): ok (monthly)\nboth.json: ok (incident, monthly)\n"
        )
        let none = try await empty
        #expect(!none.signalled && none.status == 2, "\(none)")
        #expect(none.stdout == "" && none.stderr == "empty.json: $: no document: the array is empty\n")
        let wrong = try await odd
        #expect(!wrong.signalled && wrong.status == 2, "\(wrong)")
        #expect(wrong.stdout == "")
        #expect(
            wrong.stderr.hasPrefix(
                "odd.json: $[0]: expected a JSON object, found integer\nodd.json: $[1]: required property "))
    }
}
