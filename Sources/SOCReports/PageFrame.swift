import SOCLayout
import SOCModel

/// The header and footer of every page: tenant, report title and id, the TLP marking in its TLP 2.0
/// colours; the confidentiality note and "page n / N". Both are pagination artifacts: a screen reader
/// does not read them again on every page.
public struct PageFrame: PageDecorator {
    public var tenant: String
    public var reportTitle: String
    public var reference: String
    public var tlp: Badge
    public var confidentiality: String
    public var styles: Styles
    public var pageLabel: (Int, Int) -> String

    public func items(forPage number: Int, of count: Int, spec: PageSpec, measurer: TextMeasurer) -> [DrawItem] {
        let theme = styles.theme
        let left = spec.margins.left, width = spec.body.width
        let headerStyle = TextStyle(size: theme.sizes.header, color: theme.colors.muted)
        var items: [DrawItem] = []

        let tlpStyle = headerStyle.with {
            $0.bold = true; $0.color = tlp.textColor
        }
        let tlpText = measurer.layout(tlp.text, style: tlpStyle, width: nil)
        let tlpBox = Rect(
            x: left + width - tlpText.width - 12, y: 22, width: tlpText.width + 12, height: tlpText.height + 6)
        items.append(.rect(tlpBox, fill: tlp.fill, stroke: nil, cornerRadius: 2))
        items.append(
            .text(
                tlpText, lines: 0..<tlpText.lines.count, origin: Point(x: tlpBox.x + 6, y: tlpBox.y + 3),
                color: tlp.textColor))

        let textWidth = width - tlpBox.width - 12
        let tenantLayout = measurer.layout(
            tenant,
            style: headerStyle.with {
                $0.bold = true; $0.color = theme.colors.text
            }, width: textWidth * 0.55)
        items.append(
            .text(
                tenantLayout, lines: 0..<min(1, tenantLayout.lines.count), origin: Point(x: left, y: 20),
                color: theme.colors.text))
        let titleLayout = measurer.layout(reportTitle, style: headerStyle, width: textWidth * 0.55)
        items.append(
            .text(
                titleLayout, lines: 0..<min(1, titleLayout.lines.count), origin: Point(x: left, y: 31),
                color: headerStyle.color))
        let refLayout = measurer.layout(
            reference, style: headerStyle.with { $0.alignment = .right }, width: textWidth * 0.45)
        items.append(
            .text(
                refLayout, lines: 0..<min(1, refLayout.lines.count), origin: Point(x: left + textWidth * 0.55, y: 25),
                color: headerStyle.color))
        items.append(
            .line(Point(x: left, y: 46), Point(x: left + width, y: 46), Stroke(color: theme.colors.rule, width: 0.8)))
        let header = DrawItem.group(origin: .zero, tag: .artifact(.header), items: items)
        items = []

        let footerY = spec.size.height - spec.margins.bottom + 14
        items.append(
            .line(
                Point(x: left, y: footerY - 4), Point(x: left + width, y: footerY - 4),
                Stroke(color: theme.colors.grid, width: 0.5)))
        let pageText = measurer.layout(
            pageLabel(number, count), style: headerStyle.with { $0.alignment = .right }, width: 80)
        items.append(
            .text(
                pageText, lines: 0..<pageText.lines.count, origin: Point(x: left + width - 80, y: footerY),
                color: headerStyle.color))
        let note = measurer.layout(confidentiality, style: headerStyle, width: width - 96)
        items.append(
            .text(
                note, lines: 0..<min(2, note.lines.count), origin: Point(x: left, y: footerY), color: headerStyle.color)
        )
        return [header, .group(origin: .zero, tag: .artifact(.footer), items: items)]
    }
}

/// What a report builder hands to a backend: the content, the page frame and the document information.
public struct ReportDocument {
    public var blocks: [any Block]
    public var frame: PageFrame
    public var spec: PageSpec
    public var language: Language
    public var title: String
    public var subject: String
    public var author: String
    public var keywords: String
    /// RFC 3339, taken from the record so that rendering is reproducible.
    public var created: String
}
