/// What Cairo 1.16 cannot write, added as one PDF incremental update (ISO 32000-1, 7.5.6): new versions
/// of the changed objects, their cross-reference section and a trailer pointing back to Cairo's are
/// appended, so Cairo's own bytes stay exactly as written.
///
/// - Catalog entries. `/MarkInfo << /Marked true >>`: without it readers and `pdfinfo` treat the
///   structure tags as absent ("Tagged: no"). `/Lang`: screen readers pick the voice for Japanese or
///   English from it. `/ViewerPreferences << /DisplayDocTitle true >>` and `/PageMode /UseOutlines`:
///   viewers show the report's title, not the file name, and open the bookmarks.
/// - The structure tree (`StructureTree`), replacing Cairo's, and the page contents with their artifacts
///   marked (`ContentMarking`).
enum CatalogUpdate {
    /// `pdf` with `entries` (e.g. `("/Lang", "(ja)")`) added to its catalog (a key the catalog already has
    /// is kept as it is) and, when given, `structure` as its structure tree. Throws
    /// `CairoPDF.Unrecognised` when the file is not in the shape Cairo 1.16 writes (a later Cairo writing
    /// cross-reference streams, a file already updated); nothing is added then.
    static func applying(_ entries: [(key: String, value: String)], structure: StructureTree? = nil, to pdf: [UInt8]) throws -> [UInt8] {
        let file = try CairoPDF(pdf)
        var update = ObjectWriter(after: file)
        try structure?.write(into: &update, for: file)
        let catalog = try file.dictionary(file.root)
        let missing = entries.filter { !catalog.contains($0.key + " ") && !catalog.contains($0.key + "\n") }
        if !missing.isEmpty {
            var body = catalog.dropLast(2)  // the closing ">>"
            while body.last == " " || body.last == "\n" { body.removeLast() }
            let added = missing.map { "   \($0.key) \($0.value)\n" }.joined()
            update.object(file.root) { $0.append("\(body)\n\(added)>>") }
        }
        return update.finished()
    }
}

/// Appends objects to a PDF, then their cross-reference section (one subsection per run of consecutive
/// numbers) and the trailer (7.5.6: the previous trailer's entries, plus /Prev).
struct ObjectWriter {
    private let file: CairoPDF
    private var out: [UInt8]
    private var offsets: [(number: Int, offset: Int)] = []
    /// The next number free for a new object.
    private(set) var nextNumber: Int

    init(after file: CairoPDF) {
        self.file = file
        out = file.bytes
        out.reserveCapacity(file.bytes.count * 2)
        out.append(UInt8(ascii: "\n"))
        nextNumber = file.size
    }

    /// A number for a new object.
    mutating func newNumber() -> Int {
        defer { nextNumber += 1 }
        return nextNumber
    }

    /// Object `number`, its body written by `body`.
    mutating func object(_ number: Int, _ body: (inout [UInt8]) -> Void) {
        offsets.append((number, out.count))
        out.append(number); out.append(" 0 obj\n")
        body(&out)
        out.append("\nendobj\n")
    }

    /// The PDF with the objects written; unchanged when there are none.
    func finished() -> [UInt8] {
        guard !offsets.isEmpty else { return file.bytes }
        var out = self.out
        let xref = out.count
        let sorted = offsets.sorted { $0.number < $1.number }
        out.append("xref\n")
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count, sorted[j + 1].number == sorted[j].number + 1 { j += 1 }
            out.append(sorted[i].number); out.append(" "); out.append(j - i + 1); out.append("\n")
            for entry in sorted[i...j] {
                let digits = String(entry.offset)
                out.append(String(repeating: "0", count: max(0, 10 - digits.count)) + digits + " 00000 n \n")
            }
            i = j + 1
        }
        out.append("trailer\n<< /Size "); out.append(max(nextNumber, sorted[sorted.count - 1].number + 1))
        out.append("\n   /Root "); out.append(file.root); out.append(" 0 R\n")
        if let info = file.info { out.append("   /Info "); out.append(info); out.append(" 0 R\n") }
        out.append("   /Prev "); out.append(file.startxref); out.append("\n>>\nstartxref\n"); out.append(xref); out.append("\n%%EOF\n")
        return out
    }
}

extension [UInt8] {
    mutating func append(_ text: String) { append(contentsOf: text.utf8) }

    /// A non-negative integer's decimal digits.
    mutating func append(_ number: Int) {
        guard number >= 10 else { append(UInt8(ascii: "0") + UInt8(number)); return }
        append(number / 10)
        append(UInt8(ascii: "0") + UInt8(number % 10))
    }
}
