import Foundation
import SOCCharts
import SOCEngine
import SOCLayout
import SOCModel
import SOCTemplates
import Testing

@testable import SOCRender
@testable import SOCReports

/// Monthly reports rendered to real PDFs and read back with poppler and qpdf.
@Suite struct MonthlyPDFTests {
    // MARK: Every sample

    @Test(arguments: sampleFiles("bundles"))
    func everySampleBundleRendersWithItsFiguresIdsAndAdvice(_ file: String) throws {
        let bundle = try DocumentReader.readMonthly(try Data(contentsOf: URL(fileURLWithPath: file)), source: file)
        let engine = try makeEngine()
        let rendered = try RenderedMonthly(bundle, engine: engine)
        defer { rendered.remove() }
        let text = rendered.text, wording = engine.wordings[bundle.tenant.language]!
        #expect(text.contains(squash(bundle.tenant.name)))
        for incident in bundle.incidents {
            #expect(text.contains(incident.id), "incident \(incident.id)")
        }
        let f = bundle.funnel
        for n in [f.totalLogs, f.events, f.escalated, f.incidents ?? bundle.incidents.count]
            + Array(f.logsBySource.values)
        {
            #expect(text.contains(thousands(n)), "funnel number \(thousands(n))")
        }
        for title in expectedAdviceTitles(bundle, wording) {
            #expect(text.contains(squash(title)), "advice \(title)")
        }
        for item in bundle.news {
            #expect(text.contains(squash(item.title)) && text.contains(item.date.description), "news \(item.title)")
        }
        let n = rendered.pageCount
        for page in 1...n {
            #expect(
                text.contains(squash(wording.format("footer.page", ["n": page, "count": n]))), "footer of page \(page)")
        }
        #expect(!text.contains("⟦"), "no missing wording")
        #expect(!text.contains("分秒") && !text.contains("mins"), "durations without empty seconds")
        #expect(rendered.report.unknownGlyphs == 0)
        try run(["qpdf", "--check", rendered.path])
        let pages = try run(["pdfinfo", rendered.path]).split(separator: "\n").first { $0.hasPrefix("Pages:") }
        #expect(pages.map { squash(String($0)) } == "Pages:\(n)")
        let list = try fonts(rendered.path)
        #expect(
            !list.isEmpty && list.allSatisfy { $0.embedded && $0.name.contains("+") },
            "every font embedded and subset: \(list)")
    }

    /// The advice a report must show: the bundle's own, else one proposal per threat type seen, else the standard one.
    func expectedAdviceTitles(_ bundle: MonthlyBundle, _ wording: Wording) -> [String] {
        if let given = bundle.advice, !given.isEmpty { return given.map(\.title) }
        let types = Set(bundle.incidents.map(\.threatType))
        return types.isEmpty ? [wording["advice.default.title"]] : types.map { wording["advice.\($0.rawValue).title"] }
    }

    // MARK: Document properties

    @Test func sameBundleGivesIdenticalBytes() throws {
        let bundle = try monthly(from: try bundleObject("acme-motor-2026-03"))
        let first = try makeEngine().renderMonthly(bundle).pdf
        let second = try makeEngine().renderMonthly(bundle).pdf
        #expect(first == second)
        let english = try monthly(from: try bundleObject("globex-2025-11"))
        let engine = try makeEngine()
        #expect(try engine.renderMonthly(english).pdf == engine.renderMonthly(english).pdf)
    }

    @Test func metadataAndOutlineComeFromTheBundle() throws {
        let bundle = try monthly(from: try bundleObject("acme-motor-2026-03"))
        let rendered = try RenderedMonthly(bundle)
        defer { rendered.remove() }
        let info = try run(["pdfinfo", "-isodates", rendered.path])
        #expect(info.contains("月次セキュリティレポート 2026年3月"), "\(info)")
        #expect(info.contains("ACME Motor 株式会社"))
        // Dated at the end of the month in the tenant's zone, not when it was rendered.
        #expect(info.contains("2026-04-01T00:00:00+09") || info.contains("2026-03-31T15:00:00Z"), "\(info)")
        let outline = try run(["qpdf", "--json", "--json-key=outlines", rendered.path])
        for section in ["総評", "ログからインシデントまで", "脅威種別と重要度", "当月のインシデント", "アドバイザーからの提案", "脅威ニュース"] {
            #expect(outline.contains(section), "bookmark \(section)")
        }
        for item in bundle.news {
            #expect(outline.contains(item.title), "bookmark \(item.title)")
        }
        #expect(info.contains("Tagged:          yes"), "\(info)")
        #expect(try catalog(rendered.path).contains("/Lang (ja)"))
    }

    @Test func sectionsComeInTheIssuesOrder() throws {
        let rendered = try RenderedMonthly(try monthly(from: try bundleObject("acme-motor-2026-03")))
        defer { rendered.remove() }
        let positions = [
            "総評", "脅威レベル（スコア）の推移", "ログからインシデントまで", "前段階からの比率", "脅威種別ごとのインシデント数",
            "重要度別インシデント数の推移", "インシデント総数の推移", "種別・重要度別の件数と前月比", "当月のインシデント",
            "アドバイザーからの提案", "脅威ニュース",
        ]
        .map { label in
            rendered.text.range(of: squash(label)).map {
                rendered.text.distance(from: rendered.text.startIndex, to: $0.lowerBound)
            }
        }
        #expect(!positions.contains(nil), "every section: \(positions)")
        let found = positions.compactMap { $0 }
        #expect(found == found.sorted())
    }

    // MARK: Edge cases

    @Test func monthWithoutIncidentsSaysSoAndStillAdvises() throws {
        var object = try bundleObject("acme-motor-2026-03") // 8 incidents, 5 months of history, advice
        object["incidents"] = [] as [Any]
        object["advice"] = nil
        object["overview"] = nil
        let bundle = try monthly(from: object)
        #expect(!bundle.history.isEmpty)
        let engine = try makeEngine()
        let rendered = try RenderedMonthly(bundle, engine: engine)
        defer { rendered.remove() }
        let w = engine.wordings[.ja]!, text = rendered.text
        #expect(text.contains(squash(w["monthly.noIncidents"])))
        // A quiet month's proposal does not claim to come from the month's incidents.
        #expect(text.contains(squash(w["monthly.derivedAdviceQuiet"])))
        #expect(!text.contains(squash(w["monthly.derivedAdvice"])))
        #expect(text.contains(squash(w["advice.default.title"])))
        #expect(text.contains("報告に至るインシデントはありませんでした"), "written overview")
        // February had 2 incidents.
        #expect(text.contains("前月は2件のインシデントを報告しています。"))
        #expect(text.contains("アドバイザーからの提案") && text.contains("脅威ニュース"))
        #expect(
            text.contains(squash(w["monthly.notification.none"])),
            "the notification section says there was nothing to notify")
        try run(["qpdf", "--check", rendered.path])
    }

    /// "通知と確認" / "Notification and acknowledgement": how many notified within 15 minutes, the median and the
    /// longest, acknowledgements and calls, and each incident's row, in both languages.
    @Test(arguments: [Language.ja, .en])
    func theNotificationSectionShowsThePromiseKept(_ language: Language) throws {
        var object = try bundleObject("acme-motor-2026-03") // notified after 5, 5, 14, 16, 12, 16, 16 and 22 minutes
        var incidents = object["incidents"] as! [[String: Any]]
        incidents[0]["acknowledgedAt"] = "2026-03-17T12:01:28+09:00" // 17 minutes after determination
        incidents[3]["calls"] = 2
        object["incidents"] = incidents
        let engine = try makeEngine()
        let rendered = try RenderedMonthly(try monthly(from: object), language: language, engine: engine)
        defer { rendered.remove() }
        let w = engine.wordings[language]!
        let summary = w.format(
            "monthly.notification.summary",
            [
                "total": 8, "met": 4, "median": w.duration(seconds: 900),
                "longest": w.duration(seconds: 1320), "acknowledged": 1, "calls": 2,
            ])
        #expect(rendered.text.contains(squash(summary)), "\(summary)")
        #expect(
            rendered.text.contains(squash(w["monthly.section.notification"]))
                && rendered.text.contains(squash(w["monthly.column.toAck"])))
        #expect(
            rendered.text.contains(squash("INC-202603-ACME-0001"))
                && rendered.text.contains(squash(w.duration(seconds: 17 * 60))))
        let positions = [
            w["monthly.section.incidents"], w["monthly.section.notification"], w["monthly.section.advice"],
        ]
        .compactMap { rendered.text.range(of: squash($0))?.lowerBound }
        #expect(positions.count == 3 && positions == positions.sorted(), "after the incidents, before the advice")
        try run(["qpdf", "--check", rendered.path])
    }

    @Test func newsInTheOtherLanguageIsLeftToThatLanguagesReports() throws {
        var object = try bundleObject("acme-motor-2026-03")
        object["news"] = [
            ["date": "2026-03-02", "title": "年度末を狙ったフィッシングの増加", "summary": "国内向け。", "language": "ja"],
            [
                "date": "2026-03-03", "title": "Ransomware group targets logistics firms",
                "summary": "For English readers.", "language": "en",
            ],
            ["date": "2026-03-04", "title": "CVE-2026-0001 advisory", "summary": "No language given."],
        ]
        let bundle = try monthly(from: object)
        for (language, shown, hidden) in [
            (Language.ja, "年度末を狙ったフィッシングの増加", "Ransomwaregrouptargetslogisticsfirms"),
            (.en, "Ransomwaregrouptargetslogisticsfirms", "年度末を狙ったフィッシングの増加"),
        ] {
            let rendered = try RenderedMonthly(bundle, language: language)
            defer { rendered.remove() }
            #expect(rendered.text.contains(shown), "\(language)")
            #expect(!rendered.text.contains(hidden), "\(language)")
            #expect(rendered.text.contains("CVE-2026-0001advisory"), "\(language)")
        }
    }

    @Test func singleMonthWithEveryValueZeroRenders() throws {
        var object = try bundleObject("hanamaru-2026-10")
        object["history"] = [] as [Any]
        object["incidents"] = [] as [Any]
        object["funnel"] = ["logsBySource": [String: Int](), "events": 0, "escalated": 0]
        object["advice"] = nil
        object["overview"] = nil
        object["news"] = nil
        let bundle = try monthly(from: object)
        let engine = try makeEngine()
        let rendered = try RenderedMonthly(bundle, engine: engine)
        defer { rendered.remove() }
        let w = engine.wordings[.ja]!, text = rendered.text
        for label in [w["monthly.noIncidents"], w["monthly.noNews"], w["advice.default.title"], w["monthly.noData"]] {
            #expect(text.contains(squash(label)), "\(label)")
        }
        #expect(text.contains("0件の相関分析イベント"))
        #expect(rendered.pageCount <= 3)
        #expect(rendered.report.unknownGlyphs == 0)
        try run(["qpdf", "--check", rendered.path])
    }

    @Test func funnelOverEightOrdersOfMagnitudeShowsEveryStage() throws {
        var object = try bundleObject("acme-motor-2026-03")
        object["funnel"] = [
            "logsBySource": ["url-filter": 200_000_000, "proxy": 100_000_000], "events": 12_000, "escalated": 300,
        ]
        object["incidents"] = Array((object["incidents"] as! [Any]).prefix(4))
        let bundle = try monthly(from: object)
        let rendered = try RenderedMonthly(bundle)
        defer { rendered.remove() }
        for number in ["300,000,000", "200,000,000", "100,000,000", "12,000", "300", "1/25,000", "1/40", "1/75"] {
            #expect(rendered.text.contains(number), "\(number)")
        }
        #expect(rendered.text.contains("報告インシデント4"))
    }

    @Test func elevenThreatTypesAndOneHugeBarRender() throws {
        let bundle = try elevenTypes()
        let rendered = try RenderedMonthly(bundle)
        defer { rendered.remove() }
        for incident in bundle.incidents {
            #expect(rendered.text.contains(incident.id))
        }
        let ja = try makeEngine().wordings[.ja]!
        for type in ThreatType.allCases {
            #expect(rendered.text.contains(squash(ja["advice.\(type.rawValue).title"])), "derived advice for \(type)")
        }
        // The incident table flows over pages, its header repeated.
        #expect(rendered.pageCount >= 5)
        #expect(rendered.text.components(separatedBy: "判定日時").count - 1 >= 2)
        try run(["qpdf", "--check", rendered.path])
    }

    @Test func adviceAndNewsLongerThanAPageStillRender() throws {
        var object = try bundleObject("acme-motor-2026-03")
        let long = String(repeating: "攻撃者は正規のサービスを装った通信を繰り返した。", count: 200)
        object["advice"] = [
            ["title": "長い提案", "body": long, "priority": "low"], ["title": "短い提案", "body": "短い。", "priority": "high"],
        ]
        object["news"] = [
            [
                "date": "2026-03-05", "title": "長いニュース", "summary": long, "source": "IPA",
                "url": "https://news.example/long",
            ]
        ]
        let rendered = try RenderedMonthly(try monthly(from: object))
        defer { rendered.remove() }
        let text = rendered.text
        #expect(
            text.contains("長い提案") && text.contains("短い提案") && text.contains("長いニュース")
                && text.contains("https://news.example/long"))
        // By priority: the short high-priority proposal comes first.
        let high = try #require(text.range(of: "短い提案")), low = try #require(text.range(of: "長い提案"))
        #expect(high.lowerBound < low.lowerBound)
        #expect(rendered.pageCount >= 6)
        try run(["qpdf", "--check", rendered.path])
    }

    // MARK: Language and the written overview

    @Test func englishBundleWritesItsOverviewFromTheFigures() throws {
        var object = try bundleObject("globex-2025-11") // 6 incidents; October 2025 had 4
        object["overview"] = nil
        let rendered = try RenderedMonthly(try monthly(from: object))
        defer { rendered.remove() }
        let text = rendered.text
        for label in [
            "MonthlySecurityReport", "Overallreview", "Fromlogstoincidents", "Threattypesandseverities",
            "Incidentsthismonth",
            "Advisornotes", "Threatnews", "InNovember2025,", "6incidentswerereported",
            "Thatis2morethanthe4oflastmonth.",
            "Thesestandardproposalsarederivedfromthismonth'sincidents.",
        ] {
            #expect(text.contains(label), "\(label)")
        }
        #expect(!text.contains("総評") && !text.contains("インシデント"), "no Japanese wording")
    }

    @Test func japaneseTenantRenderedInEnglishOnRequest() throws {
        let rendered = try RenderedMonthly(try monthly(from: try bundleObject("acme-motor-2026-04")), language: .en)
        defer { rendered.remove() }
        #expect(rendered.text.contains("Overallreview") && rendered.text.contains("InApril2026,"))
        #expect(rendered.text.contains("2incidentswerereported"))
        #expect(!rendered.text.contains("総評"))
    }

    @Test func japaneseOverviewIsWrittenWhenAbsent() throws {
        let bundle = try monthly(from: try bundleObject("acme-motor-2026-04"))
        #expect(bundle.overview == nil)
        let rendered = try RenderedMonthly(bundle)
        defer { rendered.remove() }
        #expect(rendered.text.contains("2026年4月は、収集した\(thousands(bundle.funnel.totalLogs))件のログから"))
        #expect(rendered.text.contains("2件のインシデントを報告しました"))
    }

    // MARK: Chart geometry, with the real fonts

    @Test(arguments: ["bench", "acme-motor-2026-03", "globex-2025-11", "acme-motor-2025-10", "eleven", "zero"])
    func chartLabelsNeverOverlapOrLeaveTheirChart(_ name: String) throws {
        let bundle = try geometryBundle(name)
        let engine = try makeEngine()
        let document = engine.monthlyDocument(bundle)
        let width = document.spec.size.width - document.spec.margins.left - document.spec.margins.right
        let charts = document.blocks.compactMap { $0 as? any Chart }
        #expect(
            charts.count == (bundle.incidents.isEmpty ? 5 : 6),
            "threat level, funnel, by type, by severity, totals, time to notification")
        for chart in charts {
            let measurer = RecordingMeasurer(engine.measurer(for: bundle.tenant.language))
            let drawn = Flattened(chart.items(width: width, measurer: measurer), strings: measurer.strings)
            #expect(!drawn.texts.isEmpty, "\(chart.name) draws labels")
            #expect(!drawn.texts.contains { $0.string == "?" }, "every drawn text was measured here")
            let overlapping = drawn.overlaps()
            #expect(overlapping.isEmpty, "\(chart.name): \(overlapping.prefix(5))")
            let outside = drawn.texts.filter { t in
                let b = t.bounds
                return b.x < -0.5 || b.y < -0.5 || b.x + b.width > width + 0.5 || b.y + b.height > chart.height + 0.5
            }
            #expect(outside.isEmpty, "\(chart.name): \(outside.map(\.string))")
        }
    }

    @Test func trendMonthLabelsNameTheirYears() throws {
        let bundle = try monthly(from: try bundleObject("acme-motor-2026-10")) // 12 months of history: two Octobers
        let document = try makeEngine().monthlyDocument(bundle)
        let stacked = try #require(document.blocks.compactMap { $0 as? StackedBarChart }.first)
        #expect(stacked.categories.count == 13)
        #expect(Set(stacked.categories).count == 13, "\(stacked.categories)")
        #expect(stacked.categories.first == "10月\n2025" && stacked.categories.last == "10月")
        #expect(stacked.categories.contains("1月\n2026"))
        let line = try #require(document.blocks.compactMap { $0 as? LineChart }.last)
        #expect(line.categories == stacked.categories)
    }

    @Test func funnelBarsShrinkStageByStageAndTheSmallestStillShows() throws {
        var object = try bundleObject("acme-motor-2026-03")
        object["funnel"] = ["logsBySource": ["proxy": 300_000_000], "events": 12_000, "escalated": 300, "incidents": 4]
        let engine = try makeEngine()
        let document = engine.monthlyDocument(try monthly(from: object))
        let funnel = try #require(document.blocks.compactMap { $0 as? FunnelChart }.first)
        let measurer = RecordingMeasurer(engine.measurer(for: .ja))
        let drawn = Flattened(funnel.items(width: 515, measurer: measurer), strings: measurer.strings)
        // Filled, but not the paper behind the ratio labels.
        let bars = drawn.rects.filter { $0.fill != nil && $0.fill != .white }.sorted { $0.bounds.y < $1.bounds.y }
        #expect(bars.count == 4)
        let widths = bars.map(\.bounds.width)
        #expect(widths == widths.sorted(by: >) && Set(widths).count == 4, "\(widths)")
        #expect((widths.last ?? 0) > 10, "4 incidents next to 300 million logs still make a bar")
        for number in ["300,000,000", "12,000", "300", "4"] {
            #expect(drawn.texts.contains { $0.string == number }, "\(number)")
        }
        // Each number sits after its own bar.
        for (bar, number) in zip(bars, ["300,000,000", "12,000", "300", "4"]) {
            let label = try #require(drawn.texts.first { $0.string == number })
            #expect(
                label.bounds.x >= bar.bounds.maxX
                    && abs((label.bounds.y + label.bounds.height / 2) - (bar.bounds.y + bar.bounds.height / 2)) < 2,
                "\(number)")
        }
    }

    @Test func severitiesStayApartInGreyscale() throws {
        let engine = try makeEngine()
        let document = engine.monthlyDocument(try monthly(from: try bundleObject("acme-motor-2026-10")))
        let stacked = try #require(document.blocks.compactMap { $0 as? StackedBarChart }.first)
        let measurer = RecordingMeasurer(engine.measurer(for: .ja))
        let drawn = Flattened(stacked.items(width: 515, measurer: measurer), strings: measurer.strings)
        let theme = engine.styles.theme
        for severity in Severity.allCases {
            let swatch = theme.severity[severity]!
            #expect(
                drawn.rects.contains { $0.fill == swatch.fill && $0.hatch == swatch.hatch },
                "\(severity) drawn with its colour and hatch")
            #expect(
                drawn.texts.contains { $0.string == engine.wordings[.ja]!.severity(severity) },
                "legend names \(severity)")
        }
        #expect(Set(Severity.allCases.map { theme.severity[$0]!.hatch }).count == 4, "four different hatches")
    }

    /// A severity's name written on white (key facts, the KPI row) must be readable: WCAG AA's 4.5:1.
    @Test func severityNamesOnWhiteHaveEnoughContrast() throws {
        func luminance(_ c: Color) -> Double {
            func linear(_ v: Double) -> Double { v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4) }
            return 0.2126 * linear(c.red) + 0.7152 * linear(c.green) + 0.0722 * linear(c.blue)
        }
        let theme = try makeEngine().styles.theme
        for severity in Severity.allCases {
            let ratio = 1.05 / (luminance(theme.severity[severity]!.ink) + 0.05)
            #expect(ratio >= 4.5, "\(severity): \(ratio)")
        }
    }

    @Test func longJapaneseCategoryLabelsWrapWithoutOverlapping() throws {
        let engine = try makeEngine()
        let bundle = try monthly(from: try bundleObject("acme-motor-2026-03"))
        let report = MonthlyReport(bundle: bundle, wording: engine.wordings[.ja]!, styles: engine.styles)
        let labels = (1...11).map { i in String(repeating: "標的型攻撃メール経由の", count: i % 3 + 1) + "分類\(i)" }
        let chart = BarChart(
            categories: labels.enumerated().map { ChartValue($1, $0 == 4 ? 40_000 : Int64($0 % 3)) },
            style: report.chartStyle(), emptyNote: "なし", height: 230, name: "long labels")
        let measurer = RecordingMeasurer(engine.measurer(for: .ja))
        let drawn = Flattened(chart.items(width: 515, measurer: measurer), strings: measurer.strings)
        #expect(drawn.overlaps().isEmpty, "\(drawn.overlaps().prefix(3))")
        #expect(drawn.texts.allSatisfy { $0.bounds.x >= -0.5 && $0.bounds.maxX <= 515.5 && $0.bounds.maxY <= 230.5 })
        #expect(drawn.texts.contains { $0.string == "40,000" })
        let bars = drawn.rects.filter { $0.fill != nil && $0.bounds.width > 0 }
        #expect(bars.count == 7, "one bar per non-zero value, the tiny ones next to 40,000 too")
    }

    // MARK: Bad inputs

    @Test func notJSONSaysLineAndColumn() {
        let problems = monthlyProblems(Data("{\n  \"kind\": \"monthly\",\n  \"month\": }".utf8))
        #expect(
            problems == [Problem(path: "$", message: "not valid JSON: line 3, column 12: expected a value, found '}'")])
    }

    @Test func anIncidentIsNotAMonthlyBundle() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: try #require(sampleFiles("incidents").first)))
        #expect(
            monthlyProblems(data) == [
                Problem(path: "$", message: "expected a document of kind \"monthly\", found kind \"incident\"")
            ])
        #expect(monthlyProblems(Data("[]".utf8)).map(\.path) == ["$"])
    }

    @Test func missingFunnel() throws {
        var object = try bundleObject("acme-motor-2026-03")
        object["funnel"] = nil
        #expect(try monthlyProblems(object) == [Problem(path: "$", message: "required property \"funnel\" is missing")])
    }

    @Test func negativeCountsAreNamedByPath() throws {
        var object = try bundleObject("acme-motor-2026-03")
        var funnel = object["funnel"] as! [String: Any]
        funnel["events"] = -5
        var sources = funnel["logsBySource"] as! [String: Any]
        sources["proxy"] = -1
        funnel["logsBySource"] = sources
        object["funnel"] = funnel
        var history = object["history"] as! [[String: Any]]
        history[0]["bySeverity"] = ["critical": -2]
        history[1]["byThreatType"] = ["phishing": -3]
        object["history"] = history
        let problems = try monthlyProblems(object)
        #expect(
            Set(problems.map(\.path)) == [
                "$.funnel.events", "$.funnel.logsBySource.proxy", "$.history[0].bySeverity.critical",
                "$.history[1].byThreatType.phishing",
            ], "\(problems)")
        #expect(problems.contains(Problem(path: "$.funnel.events", message: "-5 is below the minimum 0")))
        #expect(problems.count == 4)
    }

    @Test(arguments: ["2026-13", "2026-00", "2026-3", "26-03", "2026/03"])
    func badMonth(_ month: String) throws {
        var object = try bundleObject("acme-motor-2026-03")
        object["month"] = month
        let problems = try monthlyProblems(object)
        #expect(problems.count == 1)
        #expect(problems.first?.path == "$.month")
        #expect(problems.first?.message.contains(month) == true, "\(problems)")
    }

    @Test func historyMonthAfterTheBundleMonth() throws {
        var object = try bundleObject("acme-motor-2026-03") // history 2025-10 … 2026-02
        var history = object["history"] as! [[String: Any]]
        history[4]["month"] = "2026-04"
        object["history"] = history
        #expect(
            try monthlyProblems(object) == [
                Problem(path: "$.history[4].month", message: "2026-04 is not before the report's month 2026-03")
            ])
        history[4]["month"] = "2026-03"
        object["history"] = history
        #expect(try monthlyProblems(object).map(\.path) == ["$.history[4].month"])
    }

    @Test func historyOutOfOrderOrRepeated() throws {
        var object = try bundleObject("acme-motor-2026-03")
        var history = object["history"] as! [[String: Any]]
        history.swapAt(1, 2)
        object["history"] = history
        #expect(try monthlyProblems(object).map(\.path) == ["$.history[2].month"])
    }

    @Test func badIncidentsInTheBundle() throws {
        var object = try bundleObject("acme-motor-2026-03")
        var incidents = object["incidents"] as! [[String: Any]]
        incidents[1]["id"] = incidents[0]["id"]
        incidents[2]["severity"] = "extreme"
        incidents[3]["notifiedAt"] = "2020-01-01T00:00:00+09:00"
        incidents[4]["colour"] = "red"
        object["incidents"] = incidents
        let paths = try monthlyProblems(object).map(\.path)
        #expect(paths.contains("$.incidents[2].severity"), "\(paths)")
        #expect(paths.contains("$.incidents[4].colour"), "\(paths)")
        // Semantic checks run once the schema is satisfied.
        incidents[2]["severity"] = "serious"
        incidents[4]["colour"] = nil
        object["incidents"] = incidents
        let semantic = try monthlyProblems(object)
        #expect(
            semantic.contains {
                $0.path.hasPrefix("$.incidents[1]") && $0.message.contains(incidents[0]["id"] as! String)
            }, "\(semantic)")
        #expect(
            semantic.contains { $0.path.hasPrefix("$.incidents[3]") && $0.message.contains("notifiedAt") },
            "\(semantic)")
    }

    @Test func notUTF8() throws {
        var bytes = Array(try JSONSerialization.data(withJSONObject: try bundleObject("acme-motor-2026-03")))
        // Right after the opening brace: the serialiser's key order varies, and a byte in the middle of a
        // Japanese character would be reported at the character's first byte.
        bytes.insert(0xFF, at: 1)
        #expect(
            monthlyProblems(Data(bytes)) == [
                Problem(path: "$", message: "not UTF-8: invalid byte 0xFF at byte offset 1")
            ])
    }

    // MARK: Fixtures

    /// Every threat type once, phishing forty times, with a long Japanese title; no overview or advice.
    func elevenTypes() throws -> MonthlyBundle {
        var object = try bundleObject("hanamaru-2026-10")
        let template = (object["incidents"] as! [[String: Any]])[0]
        let severities = Severity.allCases.map(\.rawValue)
        var incidents: [[String: Any]] = []
        for (t, type) in ThreatType.allCases.enumerated() {
            for k in 0..<(type == .phishing ? 40 : 1) {
                let n = incidents.count + 1
                var incident = template
                incident["id"] = "INC-202610-HANA-\(String(format: "%04d", n))"
                incident["threatType"] = type.rawValue
                incident["severity"] = severities[(t + k) % 4]
                incident["title"] =
                    k == 0
                    ? "取引先を装った請求書メールの添付ファイル開封に起因する社内複数端末でのマルウェア感染と外部への不審な通信の継続的な発生（\(n)）"
                    : "フィッシングサイトへのアクセス \(n)"
                let day = String(format: "%02d", n % 28 + 1)
                incident["detectedAt"] = "2026-10-\(day)T09:00:00+09:00"
                incident["determinedAt"] = "2026-10-\(day)T09:10:00+09:00"
                incident["notifiedAt"] =
                    "2026-10-\(day)T09:\(String(format: "%02d", 20 + n % 10)):\(String(format: "%02d", n * 7 % 60))+09:00"
                incidents.append(incident)
            }
        }
        object["incidents"] = incidents
        object["overview"] = nil
        object["advice"] = nil
        return try monthly(from: object)
    }

    func geometryBundle(_ name: String) throws -> MonthlyBundle {
        switch name {
        case "bench":
            return try DocumentReader.readMonthly(
                try Data(
                    contentsOf: samples.deletingLastPathComponent().appendingPathComponent("bench/inputs/monthly.json")),
                source: "bench")
        case "eleven":
            return try elevenTypes()
        case "zero":
            var object = try bundleObject("hanamaru-2026-10")
            object["history"] = [] as [Any]
            object["incidents"] = [] as [Any]
            object["funnel"] = ["logsBySource": [String: Int](), "events": 0, "escalated": 0]
            return try monthly(from: object)
        default:
            return try monthly(from: try bundleObject(name))
        }
    }
}
