import Foundation
import SOCLayout

extension StructureTree {
    /// The objects replacing Cairo's structure tree in `pdf`: its `StructTreeRoot` object rewritten to
    /// hold one `Document`, new element objects from `pdf.size` up, a parent tree keyed by the pages'
    /// own `/StructParents`, and every page's content stream with its artifacts marked.
    func objects(for pdf: CairoPDF) throws -> [Int: [UInt8]] {
        let catalog = try pdf.dictionary(pdf.root)
        guard let rootNumber = CairoPDF.reference("/StructTreeRoot", in: catalog),
              let pagesNumber = CairoPDF.reference("/Pages", in: catalog) else {
            throw CairoPDF.Unrecognised(description: "a catalog without /StructTreeRoot or /Pages")
        }
        let pageTree = try pdf.dictionary(pagesNumber)
        guard let kids = pageTree.range(of: "/Kids [").map({ pageTree[$0.upperBound...].prefix { $0 != "]" } }) else {
            throw CairoPDF.Unrecognised(description: "a page tree without /Kids")
        }
        let pageNumbers = kids.components(separatedBy: " 0 R").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard pageNumbers.count == pages.count else {
            throw CairoPDF.Unrecognised(description: "\(pageNumbers.count) pages in the page tree, \(pages.count) drawn")
        }

        var objects: [Int: [UInt8]] = [:]
        var parentTree: [(key: Int, value: String)] = []
        var next = pdf.size
        var numbers: [ObjectIdentifier: Int] = [:]
        func number(_ element: Element) -> Int {
            if let n = numbers[ObjectIdentifier(element)] { return n }
            defer { next += 1 }
            numbers[ObjectIdentifier(element)] = next
            return next
        }
        _ = number(root)
        func write(_ element: Element, parent: Int) {
            let me = number(element)
            var kids: [String] = []
            var page: Int?
            for kid in element.kids {
                switch kid {
                case .element(let child):
                    kids.append("\(number(child)) 0 R")
                case .content(let p, let mcid):
                    if page == nil { page = p }
                    kids.append(p == page ? "\(mcid)" : "<< /Type /MCR /Pg \(pageNumbers[p]) 0 R /MCID \(mcid) >>")
                }
            }
            var text = "<< /Type /StructElem /S /\(element.tag.role.rawValue) /P \(parent) 0 R"
            if let page { text += " /Pg \(pageNumbers[page]) 0 R" }
            if !kids.isEmpty { text += kids.count == 1 ? " /K \(kids[0])" : " /K [\(kids.joined(separator: " "))]" }
            if let alt = element.tag.alt { text += " /Alt \(pdfString(alt))" }
            if let actual = element.tag.actualText { text += " /ActualText \(pdfString(actual))" }
            if let scope = element.tag.scope { text += " /A << /O /Table /Scope /\(scope.rawValue) >>" }
            objects[me] = Array((text + " >>").utf8)
            for case .element(let child) in element.kids { write(child, parent: me) }
        }
        write(root, parent: rootNumber)

        for (index, page) in pageNumbers.enumerated() {
            let dictionary = try pdf.dictionary(page)
            guard let key = CairoPDF.number(after: "/StructParents ", in: dictionary),
                  let contents = CairoPDF.reference("/Contents", in: dictionary) else {
                throw CairoPDF.Unrecognised(description: "page \(index + 1) without /StructParents or one /Contents stream")
            }
            let marks = pages[index]
            parentTree.append((key, "[" + marks.map {
                if case .content(let element) = $0 { "\(number(element)) 0 R" } else { "null" }
            }.joined(separator: " ") + "]"))
            let (streamDictionary, data) = try pdf.streamData(contents)
            guard streamDictionary.contains("/Filter /FlateDecode"), let content = Flate.inflate(data) else {
                throw CairoPDF.Unrecognised(description: "page \(index + 1)'s content is not one Flate stream")
            }
            let marked = Flate.deflate(ContentMarking.mark(content, artifacts: marks.map {
                if case .artifact(let kind) = $0 { kind } else { nil }
            }))
            objects[contents] = Array("<< /Length \(marked.count) /Filter /FlateDecode >>\nstream\n".utf8) + marked + Array("\nendstream".utf8)
        }

        let treeNumber = next
        parentTree.sort { $0.key < $1.key }
        objects[treeNumber] = Array(("<< /Nums [" + parentTree.map { "\($0.key) \($0.value)" }.joined(separator: "\n") + "] >>").utf8)
        objects[rootNumber] = Array(("<< /Type /StructTreeRoot /K \(number(root)) 0 R /ParentTree \(treeNumber) 0 R"
            + " /ParentTreeNextKey \((parentTree.last?.key ?? -1) + 1) >>").utf8)
        return objects
    }
}

/// A PDF text string: UTF-16BE with its byte-order mark, in hex, for any language.
func pdfString(_ text: String) -> String {
    var hex = "<FEFF"
    for unit in text.utf16 {
        let digits = String(unit, radix: 16, uppercase: true)
        hex += String(repeating: "0", count: 4 - digits.count) + digits
    }
    return hex + ">"
}
