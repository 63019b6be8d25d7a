import CCairo
import Foundation
import SOCLayout

/// Document information written into the PDF. Dates come from the record, never from the clock,
/// so the same input always gives the same bytes.
public struct PDFMetadata: Sendable {
    public var title: String
    public var subject: String
    public var author: String
    public var keywords: String
    public var creator: String
    /// ISO 8601 with offset, e.g. "2026-11-02T10:15:00+09:00".
    public var created: String
    /// BCP 47 tag of the text, e.g. "ja".
    public var language: String
    public init(
        title: String, subject: String, author: String, keywords: String, creator: String = "socreport",
        created: String, language: String
    ) {
        self.title = title; self.subject = subject; self.author = author; self.keywords = keywords
        self.creator = creator; self.created = created; self.language = language
    }
}

public enum PDFWriter {
    public struct Output {
        public var bytes: [UInt8]
        /// Why the catalog entries and the structure tree Cairo cannot write were left out (Cairo's
        /// output not in the shape the update reads); nil when they were written.
        public var updateSkipped: String?
    }

    /// The complete PDF, in memory: nothing reaches a file unless the whole document was made.
    public static func pdf(_ pages: [Page], size: Size, metadata: PDFMetadata, tagged: Bool = true) throws -> Output {
        let sink = ByteSink()
        var hasOutline = false
        let structure = tagged ? StructureTree() : nil
        let surface = try CairoSurface(
            cairo_pdf_surface_create_for_stream(
                writeToSink, Unmanaged.passUnretained(sink).toOpaque(),
                size.width, size.height), "creating the PDF surface")
        try withExtendedLifetime(sink) {
            let fields: [(cairo_pdf_metadata_t, String)] = [
                (CAIRO_PDF_METADATA_TITLE, metadata.title), (CAIRO_PDF_METADATA_SUBJECT, metadata.subject),
                (CAIRO_PDF_METADATA_AUTHOR, metadata.author), (CAIRO_PDF_METADATA_KEYWORDS, metadata.keywords),
                (CAIRO_PDF_METADATA_CREATOR, metadata.creator),
                (CAIRO_PDF_METADATA_CREATE_DATE, metadata.created), (CAIRO_PDF_METADATA_MOD_DATE, metadata.created),
            ]
            for (key, value) in fields { cairo_pdf_surface_set_metadata(surface.pointer, key, value) }
            let context = try CairoContext(surface)
            var outline: [PageDrawer.OutlineEntry] = []
            let hatches = HatchPatterns()
            for page in pages {
                structure?.beginPage()
                var drawer = PageDrawer(
                    cr: context.pointer, structure: structure, pageNumber: page.number, hatches: hatches)
                drawer.draw(page.items)
                outline += drawer.outline
                cairo_show_page(context.pointer)
                try context.check("drawing page \(page.number)")
            }
            addOutline(outline, to: surface)
            try surface.finish()
            hasOutline = !outline.isEmpty
        }
        return finished(
            sink.bytes, catalog: catalogEntries(metadata, tagged: tagged, outline: hasOutline), structure: structure)
    }

    /// Cairo's output with what it cannot write added, or unchanged and saying why.
    static func finished(_ cairoOutput: [UInt8], catalog: [(key: String, value: String)], structure: StructureTree?)
        -> Output
    {
        do {
            return Output(bytes: try CatalogUpdate.applying(catalog, structure: structure, to: cairoOutput))
        } catch {
            return Output(
                bytes: cairoOutput,
                updateSkipped: "the catalog entries (/Lang, /MarkInfo, …) and the structure tree "
                    + "were left out: Cairo's output is not in the shape the update reads (\(error))")
        }
    }

    private static func catalogEntries(_ metadata: PDFMetadata, tagged: Bool, outline: Bool) -> [(
        key: String, value: String
    )] {
        var entries = [(key: "/ViewerPreferences", value: "<< /DisplayDocTitle true >>")]
        let language = metadata.language.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        if !language.isEmpty { entries.append(("/Lang", "(\(language))")) }
        if tagged { entries.append(("/MarkInfo", "<< /Marked true >>")) }
        if outline { entries.append(("/PageMode", "/UseOutlines")) }
        return entries
    }

    /// One PNG per page, `dpi` dots per inch, for previews.
    public static func png(_ page: Page, size: Size, dpi: Double) throws -> [UInt8] {
        let scale = dpi / 72
        let surface = try CairoSurface(
            cairo_image_surface_create(
                CAIRO_FORMAT_RGB24, Int32((size.width * scale).rounded()),
                Int32((size.height * scale).rounded())), "creating a PNG page")
        let context = try CairoContext(surface)
        cairo_set_source_rgb(context.pointer, 1, 1, 1)
        cairo_paint(context.pointer)
        cairo_scale(context.pointer, scale, scale)
        var drawer = PageDrawer(cr: context.pointer, structure: nil, pageNumber: page.number, hatches: HatchPatterns())
        drawer.draw(page.items)
        try context.check("drawing PNG page \(page.number)")
        let sink = ByteSink()
        try withExtendedLifetime(sink) {
            try checkStatus(
                cairo_surface_write_to_png_stream(
                    surface.pointer, writeToSink, Unmanaged.passUnretained(sink).toOpaque()),
                "writing PNG")
        }
        return sink.bytes
    }

    /// Bookmarks nested by heading level.
    private static func addOutline(_ entries: [PageDrawer.OutlineEntry], to surface: CairoSurface) {
        var parents: [(level: Int, id: Int32)] = []
        for entry in entries {
            while let last = parents.last, last.level >= entry.level { parents.removeLast() }
            let parent = parents.last?.id ?? Int32(CAIRO_PDF_OUTLINE_ROOT)
            let link = String(format: "page=%d pos=[%.2f %.2f]", entry.page, entry.position.x, entry.position.y)
            let id = cairo_pdf_surface_add_outline(
                surface.pointer, parent, entry.title, link,
                entry.level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : cairo_pdf_outline_flags_t(0))
            parents.append((entry.level, id))
        }
    }
}
