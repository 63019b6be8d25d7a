import SOCLayout
import SOCModel
import SOCTemplates

/// The text and table styles every report uses, derived from the theme.
public struct Styles: Sendable {
    public let theme: Theme
    public let body, muted, small, title, heading1, heading2, strong, mono, monoSmall, badge: TextStyle
    public let table, keyValue, log: TableStyle

    public init(theme: Theme) {
        self.theme = theme
        let text = theme.colors.text
        body = TextStyle(size: theme.sizes.body, color: text, lineSpacing: 1.15)
        muted = body.with { $0.color = theme.colors.muted }
        small = TextStyle(size: theme.sizes.small, color: theme.colors.muted)
        title = TextStyle(size: theme.sizes.title, bold: true, color: text, lineSpacing: 1.1)
        heading1 = TextStyle(size: theme.sizes.heading1, bold: true, color: theme.colors.accent)
        heading2 = TextStyle(size: theme.sizes.heading2, bold: true, color: text)
        strong = body.with { $0.bold = true }
        // Table and log text gets a little leading: the Japanese fonts' lines are exactly one em, and
        // brackets and arrows of consecutive lines would touch.
        let tableLeading = 1.1
        // Fixed-width text holds machine values (indicators, addresses, ids): nothing in them may hide.
        mono = TextStyle(
            role: .mono, size: theme.sizes.table, color: text, lineSpacing: tableLeading, showsInvisibles: true)
        monoSmall = mono.with { $0.size = theme.sizes.log }
        badge = TextStyle(size: theme.sizes.badge, bold: true, color: text)
        let cellText = TextStyle(size: theme.sizes.table, color: text, lineSpacing: tableLeading)
        let continuation = TextStyle(size: theme.sizes.small, color: theme.colors.muted)
        table = TableStyle(
            header: cellText.with { $0.bold = true }, body: cellText, headerFill: theme.colors.tableHeader,
            stripeFill: theme.colors.stripe, grid: Stroke(color: theme.colors.grid, width: 0.5),
            continuation: continuation)
        keyValue = TableStyle(
            header: cellText.with { $0.bold = true }, body: cellText, headerFill: theme.colors.tableHeader,
            stripeFill: nil, grid: Stroke(color: theme.colors.grid, width: 0.5),
            padding: EdgeInsets(vertical: 3, horizontal: 5), continuation: continuation)
        let logText = TextStyle(size: theme.sizes.log, color: text, lineSpacing: tableLeading)
        log = TableStyle(
            header: logText.with { $0.bold = true }, body: logText, headerFill: theme.colors.tableHeader,
            stripeFill: theme.colors.stripe, grid: Stroke(color: theme.colors.grid, width: 0.3),
            padding: EdgeInsets(vertical: 1.6, horizontal: 2.5), continuation: continuation)
    }

    /// "TLP:AMBER+STRICT" in its TLP 2.0 colours, as the header and the badges show a marking.
    /// `spoken`: what assistive technology reads for it where it is content (not in the page header).
    public func badge(_ marking: TLP, spoken: String? = nil) -> Badge {
        let swatch = theme.tlp[marking]!
        return Badge("TLP:\(marking.rawValue.uppercased())", fill: swatch.fill, textColor: swatch.text, spoken: spoken)
    }

    public func h1(_ text: String) -> Heading {
        Heading(
            text, level: 1, style: heading1, rule: Stroke(color: theme.colors.rule, width: 1), spaceBefore: 16,
            spaceAfter: 8)
    }

    public func h2(_ text: String) -> Heading {
        Heading(text, level: 2, style: heading2, spaceBefore: 10, spaceAfter: 4)
    }

    /// A two-column key/value table: keys shaded, values wrapped.
    public func facts(
        _ title: String, _ rows: [(String, TableCell)], keyWeight: Double = 1, valueWeight: Double = 3,
        continued: String
    ) -> DataTable {
        let keyFill = theme.colors.keyColumn
        return DataTable(
            title: title, columns: [TableColumn("", weight: keyWeight), TableColumn("", weight: valueWeight)],
            rows: rows.map { [TableCell($0.0, style: keyValue.header, fill: keyFill), $0.1] },
            showsHeader: false, style: keyValue, continuationMark: continued)
    }
}
