import Testing

@testable import SOCLayout

@Suite struct PaginationTests {
    let measurer = FakeMeasurer()

    @Test func paragraphsFlowOntoNewPagesWithoutLosingLines() throws {
        // 60 lines of 12 pt = 720 pt on pages with 260 pt of body: 22 lines a page at most.
        let text = (1...60).map { "line \($0)" }.joined(separator: "\n")
        let pages = try Paginator.paginate([Paragraph(text, style: body)], spec: smallPage, measurer: measurer)
        let lines = pages.flatMap { texts($0.items).map(\.text) }
        #expect(lines == (1...60).map { "line \($0)" })
        #expect(pages.count == 3)
        for page in pages {
            for t in texts(page.items) {
                #expect(t.origin.y >= 20 && t.origin.y + 12 <= 280.01, "\(t.text) outside the body")
            }
        }
    }

    @Test func headingStaysWithWhatFollows() throws {
        // The filler leaves room for the heading but not for one line after it.
        let filler = Paragraph(Array(repeating: "x", count: 19).joined(separator: "\n"), style: body)
        let pages = try Paginator.paginate(
            [
                filler, Heading("Findings", level: 1, style: body, spaceBefore: 0),
                Paragraph("first\nsecond", style: body),
            ], spec: smallPage, measurer: measurer)
        #expect(pages.count == 2)
        #expect(texts(pages[1].items).first?.text == "Findings")
        #expect(outlines(pages[1].items) == ["Findings"])
    }

    @Test func tableRepeatsHeaderAndKeepsEveryRow() throws {
        let rows = (0..<200).map { i in [TableCell("row \(i)"), TableCell("v\(i)")] }
        let table = DataTable(
            title: "logs", columns: [TableColumn("Name"), TableColumn("Value")], rows: rows,
            style: tableStyle, continuationMark: "continued")
        let pages = try Paginator.paginate([table], spec: smallPage, measurer: measurer)
        #expect(pages.count > 5)
        var seen: [String] = []
        for page in pages {
            let t = texts(page.items).map(\.text)
            #expect(t.prefix(2) == ["Name", "Value"], "header repeated on every page")
            seen += t.filter { $0.hasPrefix("row ") }
        }
        #expect(seen == (0..<200).map { "row \($0)" })
    }

    @Test func rowTallerThanAPageIsSplitWithAMark() throws {
        let tall = (1...50).map { "part \($0)" }.joined(separator: "\n")
        let table = DataTable(
            title: "t", columns: [TableColumn("A")], rows: [["before"], [TableCell(tall)], ["after"]],
            style: tableStyle, continuationMark: "continued")
        let pages = try Paginator.paginate([table], spec: smallPage, measurer: measurer)
        let all = pages.flatMap { texts($0.items).map(\.text) }
        #expect(all.filter { $0.hasPrefix("part ") } == (1...50).map { "part \($0)" })
        #expect(all.contains("continued"))
        #expect(all.last == "after")
    }

    @Test func longUnbrokenStringsWrapInsideTheirCell() throws {
        let url = "https://" + String(repeating: "a", count: 300) + ".example/"
        let table = DataTable(
            title: "t", columns: [TableColumn("URL"), TableColumn("B")], rows: [[TableCell(url), "b"]],
            style: tableStyle, continuationMark: "continued")
        let pages = try Paginator.paginate([table], spec: smallPage, measurer: measurer)
        let placed = pages.flatMap { texts($0.items) }.filter { !["URL", "B", "b", "continued"].contains($0.text) }
        #expect(placed.map(\.text).joined() == url)
        for t in placed {
            #expect(t.origin.x + Double(t.text.count) * 5 <= 20 + 80 + 0.01, "stays in the first column")
        }
    }

    @Test func blockThatCannotFitAnEmptyPageIsAnError() {
        let huge = Graphic(name: "giant chart", height: 1000) { _, _ in [] }
        #expect(throws: LayoutError.tooLarge(block: "giant chart", needed: nil, available: 260)) {
            try Paginator.paginate([Paragraph("before", style: body), huge], spec: smallPage, measurer: measurer)
        }
        // A single line higher than the page: also an error, not an endless loop.
        #expect(throws: LayoutError.self) {
            try Paginator.paginate([Paragraph("big", style: TextStyle(size: 400))], spec: smallPage, measurer: measurer)
        }
    }

    @Test func pageLimitStopsRunawayDocuments() {
        let many = (0..<50).map { _ in PageBreak() as any Block } + [Paragraph("end", style: body)]
        #expect(throws: LayoutError.tooManyPages(limit: 10)) {
            try Paginator.paginate(many, spec: smallPage, measurer: measurer, pageLimit: 10)
        }
    }

    @Test func calloutSplitsWithItsContent() throws {
        let text = (1...40).map { "l\($0)" }.joined(separator: "\n")
        let box = Callout([Paragraph(text, style: body)], name: "evidence", fill: .white, accent: .black)
        let pages = try Paginator.paginate([box], spec: smallPage, measurer: measurer)
        #expect(pages.count == 2)
        #expect(pages.flatMap { texts($0.items).map(\.text) } == (1...40).map { "l\($0)" })
    }

    @Test func decoratorKnowsThePageCount() throws {
        struct Footer: PageDecorator {
            func items(forPage n: Int, of count: Int, spec: PageSpec, measurer: TextMeasurer) -> [DrawItem] {
                let l = measurer.layout("page \(n) / \(count)", style: body, width: nil)
                return [.text(l, lines: 0..<1, origin: Point(x: 20, y: 285), color: .black)]
            }
        }
        let pages = try Paginator.paginate(
            [Paragraph("a", style: body), PageBreak(), Paragraph("b", style: body)],
            spec: smallPage, measurer: measurer, decorator: Footer())
        #expect(pages.map { texts($0.items).last?.text } == ["page 1 / 2", "page 2 / 2"])
    }
}

@Suite struct KinsokuTests {
    @Test(arguments: ["、", "。", "）", "」", "ー", "っ", "ャ"])
    func closingCharactersStickToThePreviousOne(_ mark: String) {
        let text = "あ" + mark
        #expect(Kinsoku.unbreakableRanges(in: text) == [0..<text.utf8.count])
    }

    @Test func openingBracketsStickToTheNextOne() {
        #expect(Kinsoku.unbreakableRanges(in: "「あ") == [0..<6])
        #expect(Kinsoku.unbreakableRanges(in: "あい").isEmpty)
    }

    @Test func adjacentRangesMerge() {
        // 「あ」。: the bracket binds forwards, the closing marks bind backwards, so all four stay together.
        #expect(Kinsoku.unbreakableRanges(in: "x「あ」。") == [1..<13])
    }
}

@Suite struct KeepingTogetherTests {
    let measurer = FakeMeasurer()

    @Test func aHeadingChainStaysWithTheTextAfterIt() throws {
        // Room for both headings but not for a line of text after them: all three move on together.
        let filler = Paragraph(Array(repeating: "x", count: 19).joined(separator: "\n"), style: body)
        let pages = try Paginator.paginate(
            [
                filler, Heading("Section", level: 1, style: body, spaceBefore: 0, spaceAfter: 0),
                Heading("Subsection", level: 2, style: body, spaceBefore: 0, spaceAfter: 0),
                Paragraph("text", style: body),
            ], spec: smallPage, measurer: measurer)
        #expect(pages.count == 2)
        #expect(texts(pages[1].items).map(\.text).prefix(3) == ["Section", "Subsection", "text"])
    }

    @Test func keptBlocksMoveWholeToTheNextPage() throws {
        let filler = Paragraph(Array(repeating: "x", count: 15).joined(separator: "\n"), style: body)
        let kept = KeepTogether([Paragraph("a\nb\nc\nd\ne\nf\ng", style: body)], name: "table and caption")
        let pages = try Paginator.paginate([filler, kept], spec: smallPage, measurer: measurer)
        #expect(pages.count == 2)
        #expect(texts(pages[1].items).map(\.text) == ["a", "b", "c", "d", "e", "f", "g"])
    }

    @Test func keptContentTallerThanAPageStillSplits() throws {
        let kept = KeepTogether(
            [Paragraph((1...40).map(String.init).joined(separator: "\n"), style: body)], name: "long")
        let pages = try Paginator.paginate([kept], spec: smallPage, measurer: measurer)
        #expect(pages.flatMap { texts($0.items).map(\.text) } == (1...40).map(String.init))
    }
}
