import Foundation
import SOCLayout

extension StructureTree {
    /// Writes the objects replacing Cairo's structure tree in `pdf`: its `StructTreeRoot` object rewritten
    /// to hold one `Document`, the elements as new objects, a parent tree keyed by the pages' own
    /// `/StructParents`, and every page's content stream with its artifacts marked.
    func write(into update: inout ObjectWriter, for pdf: CairoPDF) throws {
        let catalog = try pdf.dictionary(pdf.root)
        guard let rootNumber = CairoPDF.reference("/StructTreeRoot", in: catalog),
            let pagesNumber = CairoPDF.reference("/Pages", in: catalog)
        else {
            throw CairoPDF.Unrecognised(description: "a catalog without /StructTreeRoot or /Pages")
        }
        let pageTree = try pdf.dictionary(pagesNumber)
        guard let kids = pageTree.range(of: "/Kids [").map({ pageTree[$0.upperBound...].prefix { $0 != "]" } }) else {
            throw CairoPDF.Unrecognised(description: "a page tree without /Kids")
        }
        let pageNumbers = kids.components(separatedBy: " 0 R").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard pageNumbers.count == pages.count else {
            throw CairoPDF.Unrecognised(
                description: "\(pageNumbers.count) pages in the page tree, \(pages.count) drawn")
        }

        // Pages first: a page Cairo wrote in another shape stops the update before anything is written.
        var parentTree: [(key: Int, marks: [Mark])] = []
        var contents: [(number: Int, bytes: [UInt8])] = []
        for (index, page) in pageNumbers.enumerated() {
            let dictionary = try pdf.dictionary(page)
            guard let key = CairoPDF.number(after: "/StructParents ", in: dictionary),
                let stream = CairoPDF.reference("/Contents", in: dictionary)
            else {
                throw CairoPDF.Unrecognised(
                    description: "page \(index + 1) without /StructParents or one /Contents stream")
            }
            let (streamDictionary, data) = try pdf.streamData(stream)
            guard streamDictionary.contains("/Filter /FlateDecode"), let content = Flate.inflate(data) else {
                throw CairoPDF.Unrecognised(description: "page \(index + 1)'s content is not one Flate stream")
            }
            let marks = pages[index]
            parentTree.append((key, marks))
            contents.append(
                (
                    stream,
                    Flate.deflate(
                        ContentMarking.mark(
                            content,
                            artifacts: marks.map {
                                if case .artifact(let kind) = $0 { kind } else { nil }
                            }))
                ))
        }

        func number(_ element: Element) {
            element.number = update.newNumber()
            for case .element(let child) in element.kids { number(child) }
        }
        number(root)
        func write(_ element: Element, parent: Int) {
            var page: Int?
            update.packedObject(element.number) { out in
                out.append("<< /Type /StructElem /S /"); out.append(element.tag.role.rawValue)
                out.append(" /P "); out.append(parent); out.append(" 0 R")
                for case .content(let p, _) in element.kids.prefix(1) {
                    page = p
                    out.append(" /Pg "); out.append(pageNumbers[p]); out.append(" 0 R")
                }
                if !element.kids.isEmpty {
                    out.append(element.kids.count == 1 ? " /K " : " /K [")
                    for (i, kid) in element.kids.enumerated() {
                        if i > 0 { out.append(" ") }
                        switch kid {
                        case .element(let child):
                            out.append(child.number); out.append(" 0 R")
                        case .content(let p, let mcid) where p == page:
                            out.append(mcid)
                        case .content(let p, let mcid):
                            out.append("<< /Type /MCR /Pg "); out.append(pageNumbers[p]); out.append(" 0 R /MCID ");
                            out.append(mcid); out.append(" >>")
                        }
                    }
                    if element.kids.count > 1 { out.append("]") }
                }
                if let alt = element.tag.alt { out.append(" /Alt "); out.append(pdfString(alt)) }
                if let actual = element.tag.actualText { out.append(" /ActualText "); out.append(pdfString(actual)) }
                if let scope = element.tag.scope {
                    out.append(" /A << /O /Table /Scope /"); out.append(scope.rawValue); out.append(" >>")
                }
                out.append(" >>")
            }
            for case .element(let child) in element.kids { write(child, parent: element.number) }
        }
        write(root, parent: rootNumber)

        for (number, bytes) in contents {
            update.object(number) { out in
                out.append("<< /Length "); out.append(bytes.count); out.append(" /Filter /FlateDecode >>\nstream\n")
                out.append(contentsOf: bytes)
                out.append("\nendstream")
            }
        }
        let treeNumber = update.newNumber()
        parentTree.sort { $0.key < $1.key }
        update.packedObject(treeNumber) { out in
            out.append("<< /Nums [")
            for (key, marks) in parentTree {
                out.append("\n"); out.append(key); out.append(" [")
                for (i, mark) in marks.enumerated() {
                    if i > 0 { out.append(" ") }
                    if case .content(let element) = mark {
                        out.append(element.number); out.append(" 0 R")
                    } else {
                        out.append("null")
                    }
                }
                out.append("]")
            }
            out.append("] >>")
        }
        update.object(rootNumber) { out in
            out.append("<< /Type /StructTreeRoot /K "); out.append(root.number); out.append(" 0 R /ParentTree ");
            out.append(treeNumber)
            out.append(" 0 R /ParentTreeNextKey "); out.append((parentTree.last?.key ?? -1) + 1); out.append(" >>")
        }
    }
}

/// A PDF text string: UTF-16BE with its byte-order mark, in hex, for any language.
func pdfString(_ text: String) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    var hex = Array("<FEFF".utf8)
    for unit in text.utf16 {
        for shift in [12, 8, 4, 0] { hex.append(digits[Int(unit >> shift) & 0xF]) }
    }
    hex.append(UInt8(ascii: ">"))
    return String(decoding: hex, as: UTF8.self)
}
