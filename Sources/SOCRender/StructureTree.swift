import SOCLayout

/// The document's structure tree, built while the pages are drawn. Cairo 1.16 can write neither one
/// `Document` root (its tags may not span pages), nor artifacts, nor attributes (`Alt`, `Scope`,
/// `ActualText`), so Cairo is only given the leaves (the elements holding content): each becomes a
/// marked-content sequence whose MCID is its index on the page. This tree records which element, or
/// which artifact, every MCID belongs to; `CatalogUpdate` writes it in place of Cairo's.
final class StructureTree {
    final class Element {
        let tag: StructureTag
        fileprivate(set) var kids: [Kid] = []
        /// When the element is reopened on a later page, the kid its continuing children resume.
        fileprivate var resume: Int?
        /// Its object number in the update.
        var number = 0
        init(_ tag: StructureTag) { self.tag = tag }
    }
    enum Kid {
        case element(Element)
        /// Marked content `mcid` on page `page` (0-based).
        case content(page: Int, mcid: Int)
    }
    /// What one MCID of a page is.
    enum Mark {
        case content(Element)
        case artifact(StructureTag.Artifact)
    }

    let root = Element(StructureTag(.document))
    /// Per page, per MCID.
    private(set) var pages: [[Mark]] = []
    private var path: [Element] = []

    func beginPage() {
        pages.append([])
        path = [root]
        root.resume = root.kids.count - 1
    }

    /// Opens an element holding other elements.
    func open(_ tag: StructureTag) { path.append(element(for: tag)) }
    func close() { path.removeLast() }

    /// Records the marked content Cairo is about to begin for a leaf element, or an artifact.
    func mark(_ tag: StructureTag) {
        let page = pages.count - 1
        if let kind = tag.artifact {
            pages[page].append(.artifact(kind))
        } else {
            let leaf = element(for: tag)
            leaf.kids.append(.content(page: page, mcid: pages[page].count))
            pages[page].append(.content(leaf))
        }
    }

    /// A new child of the open element, or, for a continuing tag, the element the previous page ended
    /// with: the parent's last kid of that role (in a row split across pages, its cells in order).
    private func element(for tag: StructureTag) -> Element {
        let parent = path[path.count - 1]
        if tag.continues, let i = parent.resume, parent.kids.indices.contains(i),
            case .element(let previous) = parent.kids[i],
            previous.tag.role == tag.role
        {
            parent.resume = i + 1
            previous.resume = previous.tag.role == .tableRow ? 0 : previous.kids.count - 1
            return previous
        }
        let element = Element(tag)
        parent.kids.append(.element(element))
        return element
    }
}
