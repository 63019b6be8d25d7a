import Foundation
import SOCLayout
import SOCModel
import SOCRender
import SOCReports
import SOCTemplates

/// A rendered report: the complete PDF bytes and the laid-out pages (for previews).
public struct RenderedReport {
    public let pdf: [UInt8]
    public let pages: [Page]
    public let pageSize: Size
    /// Characters shown as "[U+XXXX]" or as control pictures because no font has them or they are invisible.
    public let replacedCharacters: Int
    /// Glyphs Pango still could not find (drawn as boxes); zero unless the fonts changed under us.
    public let unknownGlyphs: Int
    /// Why the PDF lacks the catalog entries and structure tree Cairo cannot write; nil when it has them.
    public let pdfUpdateSkipped: String?
}

/// Loads the templates and fonts once and renders reports. An engine is used by one thread at a time;
/// parallel batches make one engine per worker (they can share a `FontLibrary`).
public final class ReportEngine {
    /// Raise when a change to the code alters rendered output: it is part of the renderer fingerprint
    /// published documents record, so unchanged monthly bundles are drawn again.
    public static let version = "socreport-engine-3"

    public let home: ResourceHome
    public let styles: Styles
    public let wordings: [Language: Wording]
    public let fonts: FontLibrary
    /// Write PDF structure tags (tagged PDF for assistive technology).
    public var tagged = true
    private var measurers: [Language: PangoMeasurer] = [:]

    public init(home: ResourceHome? = nil, fonts: FontLibrary? = nil) throws {
        let home = try home ?? ResourceHome.locate()
        self.home = home
        let theme = try Theme.load(from: home.templates.appendingPathComponent("theme.json"))
        styles = Styles(theme: theme)
        wordings = try Wording.loadAll(from: home.templates)
        self.fonts =
            try fonts
            ?? FontLibrary(
                required: theme.requiredFonts.map { .init(family: $0.family, package: $0.package) },
                fallbacks: theme.fallbackFonts, fontsDirectory: home.fonts)
    }

    public func measurer(for language: Language) -> PangoMeasurer {
        if let m = measurers[language] { return m }
        let m = PangoMeasurer(
            fonts: fonts, families: [.sans: styles.theme.sansFamilies, .mono: styles.theme.monoFamilies],
            language: language.rawValue)
        measurers[language] = m
        return m
    }

    public func incidentDocument(_ incident: Incident, language: Language? = nil) -> ReportDocument {
        IncidentReport(incident: incident, wording: wordings[language ?? incident.reportLanguage]!, styles: styles)
            .document()
    }

    public func renderIncident(_ incident: Incident, language: Language? = nil) throws -> RenderedReport {
        try render(incidentDocument(incident, language: language))
    }

    public func monthlyDocument(_ bundle: MonthlyBundle, language: Language? = nil) -> ReportDocument {
        MonthlyReport(bundle: bundle, wording: wordings[language ?? bundle.tenant.language]!, styles: styles).document()
    }

    public func renderMonthly(_ bundle: MonthlyBundle, language: Language? = nil) throws -> RenderedReport {
        try render(monthlyDocument(bundle, language: language))
    }

    /// Forgets every text laid out so far (the measurers' caches of short texts).
    public func forgetTexts() {
        for measurer in measurers.values { measurer.forgetTexts() }
    }

    /// Lays the document out and writes the whole PDF in memory.
    public func render(_ document: ReportDocument) throws -> RenderedReport {
        let measurer = measurer(for: document.language)
        measurer.beginDocument()
        let pages = try paginate(document)
        let pdf = try write(pages, of: document)
        return RenderedReport(
            pdf: pdf.bytes, pages: pages, pageSize: document.spec.size, replacedCharacters: measurer.replacedCharacters,
            unknownGlyphs: measurer.unknownGlyphs, pdfUpdateSkipped: pdf.updateSkipped)
    }

    /// The layout step alone: pages of positioned items.
    public func paginate(_ document: ReportDocument) throws -> [Page] {
        try Paginator.paginate(
            document.blocks, spec: document.spec,
            measurer: measurer(for: document.language), decorator: document.frame)
    }

    /// The drawing step alone: laid-out pages to PDF bytes.
    public func write(_ pages: [Page], of document: ReportDocument) throws -> PDFWriter.Output {
        let metadata = PDFMetadata(
            title: document.title, subject: document.subject, author: document.author,
            keywords: document.keywords, created: document.created, language: document.language.rawValue)
        return try PDFWriter.pdf(pages, size: document.spec.size, metadata: metadata, tagged: tagged)
    }

    /// PNG previews of every page.
    public func previews(_ report: RenderedReport, dpi: Double = 60) throws -> [[UInt8]] {
        try report.pages.map { try PDFWriter.png($0, size: report.pageSize, dpi: dpi) }
    }
}
