/// Entries Cairo 1.16 cannot write into the document catalog, added as a PDF incremental update
/// (ISO 32000-1, 7.5.6): a new version of the catalog object, its cross-reference section and a trailer
/// pointing back to Cairo's are appended, so Cairo's own bytes stay exactly as written.
///
/// - `/MarkInfo << /Marked true >>`: without it readers and `pdfinfo` treat the structure tags Cairo
///   wrote as absent ("Tagged: no").
/// - `/Lang`: screen readers pick the voice for Japanese or English from it.
/// - `/ViewerPreferences << /DisplayDocTitle true >>` and `/PageMode /UseOutlines`: viewers show the
///   report's title, not the file name, and open the bookmarks.
enum CatalogUpdate {
    /// `pdf` with `entries` (e.g. `("/Lang", "(ja)")`) added to its catalog. A key the catalog already
    /// has is kept as it is. A file that does not end in the classic cross-reference table and trailer
    /// Cairo 1.16 writes (a later Cairo writing cross-reference streams) is returned unchanged.
    static func adding(_ entries: [(key: String, value: String)], to pdf: [UInt8]) -> [UInt8] {
        guard let trailer = Trailer(pdf), let catalog = catalogDictionary(in: pdf, trailer: trailer) else { return pdf }
        let missing = entries.filter { !catalog.contains($0.key + " ") && !catalog.contains($0.key + "\n") }
        guard !missing.isEmpty else { return pdf }

        var body = catalog.dropLast(2)  // the closing ">>"
        while body.last == " " || body.last == "\n" { body.removeLast() }
        var update = "\n\(trailer.root) 0 obj\n\(body)\n"
        for (key, value) in missing { update += "   \(key) \(value)\n" }
        update += ">>\nendobj\n"
        let objectOffset = pdf.count + 1
        let xrefOffset = pdf.count + update.utf8.count
        update += "xref\n\(trailer.root) 1\n\(pad(objectOffset)) 00000 n \n"
        update += "trailer\n<< /Size \(trailer.size)\n   /Root \(trailer.root) 0 R\n"
        if let info = trailer.info { update += "   /Info \(info) 0 R\n" }
        update += "   /Prev \(trailer.startxref)\n>>\nstartxref\n\(xrefOffset)\n%%EOF\n"
        return pdf + Array(update.utf8)
    }

    /// The numbers the new trailer repeats (7.5.6: all entries of the previous trailer, plus /Prev).
    private struct Trailer {
        var size: Int, root: Int, info: Int?, startxref: Int

        init?(_ pdf: [UInt8]) {
            // The trailer dictionary and startxref sit in the last few hundred bytes.
            let tail = String(decoding: pdf.suffix(1024), as: UTF8.self)
            guard let trailerStart = tail.range(of: "trailer", options: .backwards) else { return nil }
            let dictionary = tail[trailerStart.upperBound...]
            guard let size = Trailer.number(after: "/Size ", in: dictionary),
                  let root = Trailer.number(after: "/Root ", in: dictionary),
                  let startxref = Trailer.number(after: "startxref\n", in: dictionary),
                  !dictionary.contains("/Encrypt")
            else { return nil }
            self.size = size; self.root = root; self.startxref = startxref
            info = Trailer.number(after: "/Info ", in: dictionary)
        }

        static func number(after key: String, in text: Substring) -> Int? {
            guard let range = text.range(of: key) else { return nil }
            return Int(text[range.upperBound...].prefix { $0.isNumber })
        }
    }

    /// The catalog's dictionary text, found through its cross-reference entry (20 bytes per object).
    private static func catalogDictionary(in pdf: [UInt8], trailer: Trailer) -> String? {
        let header = Array("xref\n0 \(trailer.size)\n".utf8)
        guard trailer.root > 0, trailer.root < trailer.size, trailer.startxref + header.count + 20 * trailer.size <= pdf.count,
              Array(pdf[trailer.startxref..<trailer.startxref + header.count]) == header else { return nil }
        let entry = trailer.startxref + header.count + 20 * trailer.root
        guard let offset = Int(String(decoding: pdf[entry..<entry + 10], as: UTF8.self)), offset < pdf.count else { return nil }
        let object = String(decoding: pdf[offset..<min(pdf.count, offset + 4096)], as: UTF8.self)
        guard object.hasPrefix("\(trailer.root) 0 obj\n"), let start = object.range(of: "<<"),
              let end = object.range(of: ">>\nendobj"), object[start.lowerBound..<end.lowerBound].contains("/Type /Catalog")
        else { return nil }
        return String(object[start.lowerBound..<end.upperBound].dropLast("\nendobj".count))
    }

    private static func pad(_ offset: Int) -> String {
        let digits = String(offset)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }
}
