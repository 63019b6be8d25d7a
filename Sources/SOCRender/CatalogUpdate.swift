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
        var objects = try structure?.objects(for: file) ?? [:]
        let catalog = try file.dictionary(file.root)
        let missing = entries.filter { !catalog.contains($0.key + " ") && !catalog.contains($0.key + "\n") }
        if !missing.isEmpty {
            var body = catalog.dropLast(2)  // the closing ">>"
            while body.last == " " || body.last == "\n" { body.removeLast() }
            let added = missing.map { "   \($0.key) \($0.value)\n" }.joined()
            objects[file.root] = Array("\(body)\n\(added)>>".utf8)
        }
        guard !objects.isEmpty else { return pdf }
        return appending(objects, to: file)
    }

    /// The objects, a cross-reference section with one subsection per run of consecutive numbers, and the
    /// trailer (7.5.6: all entries of the previous trailer, plus /Prev).
    private static func appending(_ objects: [Int: [UInt8]], to file: CairoPDF) -> [UInt8] {
        var out = file.bytes
        out.append(UInt8(ascii: "\n"))
        var offsets: [(number: Int, offset: Int)] = []
        for number in objects.keys.sorted() {
            offsets.append((number, out.count))
            out += Array("\(number) 0 obj\n".utf8) + objects[number]! + Array("\nendobj\n".utf8)
        }
        let xref = out.count
        var table = "xref\n"
        var i = 0
        while i < offsets.count {
            var j = i
            while j + 1 < offsets.count, offsets[j + 1].number == offsets[j].number + 1 { j += 1 }
            table += "\(offsets[i].number) \(j - i + 1)\n"
            for entry in offsets[i...j] { table += pad(entry.offset) + " 00000 n \n" }
            i = j + 1
        }
        let size = max(file.size, (offsets.last?.number ?? 0) + 1)
        table += "trailer\n<< /Size \(size)\n   /Root \(file.root) 0 R\n"
        if let info = file.info { table += "   /Info \(info) 0 R\n" }
        table += "   /Prev \(file.startxref)\n>>\nstartxref\n\(xref)\n%%EOF\n"
        return out + Array(table.utf8)
    }

    private static func pad(_ offset: Int) -> String {
        let digits = String(offset)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }
}
