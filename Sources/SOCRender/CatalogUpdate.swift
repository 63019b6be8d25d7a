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
    static func applying(_ entries: [(key: String, value: String)], structure: StructureTree? = nil, to pdf: [UInt8])
        throws -> [UInt8]
    {
        let file = try CairoPDF(pdf)
        var update = ObjectWriter(after: file)
        try structure?.write(into: &update, for: file)
        let catalog = try file.dictionary(file.root)
        let missing = entries.filter { !catalog.contains($0.key + " ") && !catalog.contains($0.key + "\n") }
        if !missing.isEmpty {
            var body = catalog.dropLast(2) // the closing ">>"
            while body.last == " " || body.last == "\n" { body.removeLast() }
            let added = missing.map { "   \($0.key) \($0.value)\n" }.joined()
            update.object(file.root) { $0.append("\(body)\n\(added)>>") }
        }
        return update.finished()
    }
}

/// Appends objects to a PDF, then their cross-reference stream and trailer (7.5.6: the previous
/// trailer's entries, plus /Prev; 7.5.8). Small objects without streams (the structure elements, thousands
/// of them in a long report) go compressed into object streams (7.5.7), which keeps the tree a fraction of
/// the file; the cross-reference stream, unlike a table, can point into them.
struct ObjectWriter {
    private let file: CairoPDF
    private var out: [UInt8]
    /// Where each object is: at an offset of the file, or at an index of an object stream.
    private enum Place { case offset(Int), packed(stream: Int, index: Int) }
    private var places: [(number: Int, place: Place)] = []
    /// Compressed objects not yet written: their numbers and where each starts in `pendingData`, which
    /// holds their bodies one after the other, each ended by a newline (an object stream's data as it is written).
    private var pending: [(number: Int, offset: Int)] = []
    private var pendingData: [UInt8] = []
    /// The next number free for a new object.
    private(set) var nextNumber: Int
    static let objectsPerStream = 500

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
        places.append((number, .offset(out.count)))
        out.append(number); out.append(" 0 obj\n")
        body(&out)
        out.append("\nendobj\n")
    }

    /// Object `number`, not a stream, written compressed into an object stream.
    mutating func packedObject(_ number: Int, _ body: (inout [UInt8]) -> Void) {
        pending.append((number, pendingData.count))
        body(&pendingData)
        pendingData.append(UInt8(ascii: "\n"))
        if pending.count == Self.objectsPerStream { writeObjectStream() }
    }

    private mutating func writeObjectStream() {
        guard !pending.isEmpty else { return }
        let stream = newNumber()
        var header: [UInt8] = []
        for (index, object) in pending.enumerated() {
            header.append(object.number); header.append(" "); header.append(object.offset); header.append(" ")
            places.append((object.number, .packed(stream: stream, index: index)))
        }
        let compressed = Flate.deflate(header + pendingData), count = pending.count
        object(stream) { out in
            out.append("<< /Type /ObjStm /N "); out.append(count); out.append(" /First "); out.append(header.count)
            out.append(" /Length "); out.append(compressed.count); out.append(" /Filter /FlateDecode >>\nstream\n")
            out.append(contentsOf: compressed)
            out.append("\nendstream")
        }
        pending.removeAll(keepingCapacity: true)
        pendingData.removeAll(keepingCapacity: true)
    }

    /// The PDF with the objects written; unchanged when there are none.
    mutating func finished() -> [UInt8] {
        writeObjectStream()
        guard !places.isEmpty else { return file.bytes }
        let xref = newNumber(), xrefOffset = out.count
        places.append((xref, .offset(xrefOffset)))
        let sorted = places.sorted { $0.number < $1.number }
        // Rows of 1 + 4 + 2 bytes: type 1 (offset, generation 0) or type 2 (object stream, index).
        var rows: [UInt8] = [], index: [UInt8] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count, sorted[j + 1].number == sorted[j].number + 1 { j += 1 }
            index.append(" "); index.append(sorted[i].number); index.append(" "); index.append(j - i + 1)
            for entry in sorted[i...j] {
                switch entry.place {
                case .offset(let offset): rows.append(UInt8(1)); appendBigEndian(offset, 4, to: &rows); rows += [0, 0]
                case .packed(let stream, let at):
                    rows.append(UInt8(2)); appendBigEndian(stream, 4, to: &rows); appendBigEndian(at, 2, to: &rows)
                }
            }
            i = j + 1
        }
        let compressed = Flate.deflate(rows)
        out.append(xref); out.append(" 0 obj\n<< /Type /XRef /Size "); out.append(nextNumber)
        out.append(" /Root "); out.append(file.root); out.append(" 0 R")
        if let info = file.info { out.append(" /Info "); out.append(info); out.append(" 0 R") }
        out.append(" /Prev "); out.append(file.startxref); out.append(" /W [1 4 2] /Index ["); out += index
        out.append(" ] /Length "); out.append(compressed.count); out.append(" /Filter /FlateDecode >>\nstream\n")
        out.append(contentsOf: compressed)
        out.append("\nendstream\nendobj\nstartxref\n"); out.append(xrefOffset); out.append("\n%%EOF\n")
        return out
    }

    private func appendBigEndian(_ value: Int, _ bytes: Int, to out: inout [UInt8]) {
        for shift in stride(from: 8 * (bytes - 1), through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: value >> shift))
        }
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
