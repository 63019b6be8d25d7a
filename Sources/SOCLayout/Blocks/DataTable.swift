public struct TableColumn: Sendable {
    public var title: String
    /// Share of the table width, relative to the other columns' weights.
    public var weight: Double
    public init(_ title: String, weight: Double = 1) { self.title = title; self.weight = weight }
}

public struct TableCell: ExpressibleByStringLiteral, Sendable {
    public var text: String
    public var style: TextStyle?
    public var fill: Color?
    public init(_ text: String, style: TextStyle? = nil, fill: Color? = nil) {
        self.text = text; self.style = style; self.fill = fill
    }
    public init(stringLiteral value: String) { self.init(value) }
}

public struct TableStyle: Sendable {
    public var header: TextStyle
    public var body: TextStyle
    public var headerFill: Color
    public var stripeFill: Color?
    public var grid: Stroke
    public var padding: EdgeInsets
    /// Small text under a row that had to be split across pages.
    public var continuation: TextStyle
    public init(
        header: TextStyle, body: TextStyle, headerFill: Color, stripeFill: Color?, grid: Stroke,
        padding: EdgeInsets = EdgeInsets(vertical: 2.5, horizontal: 4), continuation: TextStyle
    ) {
        self.header = header; self.body = body; self.headerFill = headerFill; self.stripeFill = stripeFill
        self.grid = grid; self.padding = padding; self.continuation = continuation
    }
}

/// A table that flows across pages: the header row repeats on every page, rows are never cut in half
/// or dropped, and a row taller than a whole page is split between lines with a visible mark.
/// Without a header it serves as a key/value table. Tagged as one `Table` however many pages it spans:
/// `THead` (`TH` heading columns), then `TBody`; on later pages the repeated header is an artifact. A
/// key/value table's first column is `TH` heading its row.
public struct DataTable: Block {
    public var title: String
    public var columns: [TableColumn]
    public var rows: [[TableCell]]
    public var showsHeader: Bool
    public var style: TableStyle
    public var continuationMark: String
    public var spaceBefore: Double
    public var spaceAfter: Double
    private var firstRow = 0
    /// The first row, measured on an earlier page (with the lines still to draw when it drew the others).
    private var carried: MeasuredRow?
    /// Whether an earlier page drew the first lines of the carried row.
    private var carriedIsPart = false

    public init(
        title: String, columns: [TableColumn], rows: [[TableCell]], showsHeader: Bool = true,
        style: TableStyle, continuationMark: String, spaceBefore: Double = 0, spaceAfter: Double = 8
    ) {
        self.title = title; self.columns = columns; self.rows = rows; self.showsHeader = showsHeader
        self.style = style; self.continuationMark = continuationMark
        self.spaceBefore = spaceBefore; self.spaceAfter = spaceAfter
    }

    public var name: String { "table '\(title)'" }

    /// A row's cells measured, with the lines of each still to draw.
    struct MeasuredRow {
        var cells: [TextLayout?]
        var fills: [Color?]
        var colors: [Color]
        var lines: [Range<Int>]
    }

    public func columnWidths(for width: Double) -> [Double] {
        let total = columns.reduce(0) { $0 + max($1.weight, 0) }
        return columns.map { total > 0 ? width * max($0.weight, 0) / total : width / Double(columns.count) }
    }

    public func layout(in region: Region, measurer: TextMeasurer) throws -> LayoutResult {
        let widths = columnWidths(for: region.width)
        let continues = firstRow > 0 || carriedIsPart
        var head: [DrawItem] = []
        var items: [DrawItem] = []
        var y = 0.0
        if showsHeader {
            let header = measure(columns.map { TableCell($0.title, style: style.header) }, widths, measurer)
            let height = rowHeight(header)
            guard height < region.height else { return .doesNotFit }
            let row = draw(header, widths: widths, at: y, height: height, fill: style.headerFill, header: true)
            head = [.group(origin: .zero, tag: continues ? .artifact(.repeatedHeader) : .tableHead, items: [row])]
            y += height
        }
        func fragment(_ items: [DrawItem], _ height: Double) -> Fragment {
            let body = DrawItem.group(origin: .zero, tag: StructureTag.tableBody.continuing(continues), items: items)
            return Fragment(
                height: height,
                items: [.group(origin: .zero, tag: StructureTag.table.continuing(continues), items: head + [body])])
        }

        var row = firstRow
        var carried = self.carried
        var placed = 0
        while row < rows.count {
            let measured = carried ?? measure(rows[row], widths, measurer)
            carried = nil
            let height = rowHeight(measured)
            if y + height <= region.height + 0.01 {
                items.append(
                    draw(
                        measured, widths: widths, at: y, height: height, fill: stripe(row),
                        continues: row == firstRow && carriedIsPart))
                y += height
                row += 1
                placed += 1
                continue
            }
            if placed > 0 {
                return .split(fragment(items, y), rest: rest(from: row, carrying: measured, isPart: false))
            }
            // The row does not fit where the table starts: try a fresh page first; only a row taller
            // than a whole page is split between its lines.
            guard region.isFreshPage else { return .doesNotFit }
            let mark = measurer.layout(
                continuationMark, style: style.continuation,
                width: region.width - style.padding.left - style.padding.right)
            guard let (partial, left) = splitRow(measured, room: region.height - y - mark.height) else {
                return .doesNotFit
            }
            let partialHeight = rowHeight(partial) + mark.height
            items.append(
                draw(
                    partial, widths: widths, at: y, height: partialHeight, fill: stripe(row),
                    continues: row == firstRow && carriedIsPart))
            items.append(
                .text(
                    mark, lines: 0..<mark.lines.count,
                    origin: Point(x: style.padding.left, y: y + rowHeight(partial) - style.padding.bottom),
                    color: style.continuation.color))
            y += partialHeight
            return .split(fragment(items, y), rest: rest(from: row, carrying: left, isPart: true))
        }
        return .fits(fragment(items, y))
    }

    private func rest(from row: Int, carrying measured: MeasuredRow, isPart: Bool) -> DataTable {
        var rest = self
        rest.firstRow = row
        rest.carried = measured
        rest.carriedIsPart = isPart
        rest.spaceBefore = 0
        return rest
    }

    private func stripe(_ row: Int) -> Color? { row % 2 == 1 ? style.stripeFill : nil }

    private func measure(_ cells: [TableCell], _ widths: [Double], _ measurer: TextMeasurer) -> MeasuredRow {
        let inner = widths.map { max(1, $0 - style.padding.left - style.padding.right) }
        let layouts: [TextLayout?] = widths.indices.map { i in
            guard i < cells.count, !cells[i].text.isEmpty else { return nil }
            return measurer.layout(cells[i].text, style: cells[i].style ?? style.body, width: inner[i])
        }
        return MeasuredRow(
            cells: layouts,
            fills: widths.indices.map { $0 < cells.count ? cells[$0].fill : nil },
            colors: widths.indices.map { ($0 < cells.count ? cells[$0].style : nil)?.color ?? style.body.color },
            lines: layouts.map { 0..<($0?.lines.count ?? 0) })
    }

    private func rowHeight(_ row: MeasuredRow) -> Double {
        let content = row.cells.indices.reduce(style.body.size * 1.2) { h, i in
            max(h, row.cells[i]?.height(of: row.lines[i]) ?? 0)
        }
        return content + style.padding.top + style.padding.bottom
    }

    /// The lines of each cell that fit in `room`, and what is left.
    private func splitRow(_ row: MeasuredRow, room: Double) -> (MeasuredRow, MeasuredRow)? {
        let textRoom = room - style.padding.top - style.padding.bottom
        var shown = row, left = row
        var progress = false
        for i in row.cells.indices {
            let range = row.lines[i]
            guard let cell = row.cells[i], !range.isEmpty else { continue }
            var n = 0
            while n < range.count, cell.height(of: range.lowerBound..<(range.lowerBound + n + 1)) <= textRoom { n += 1 }
            if n > 0 { progress = true }
            shown.lines[i] = range.lowerBound..<(range.lowerBound + n)
            left.lines[i] = (range.lowerBound + n)..<range.upperBound
        }
        return progress ? (shown, left) : nil
    }

    /// A row, its cells tagged `TH` or `TD`; a row split across pages continues cell by cell.
    private func draw(
        _ row: MeasuredRow, widths: [Double], at y: Double, height: Double, fill: Color?,
        header: Bool = false, continues: Bool = false
    ) -> DrawItem {
        var cells: [DrawItem] = []
        var x = 0.0
        let totalWidth = widths.reduce(0, +)
        if let fill {
            cells.append(.rect(Rect(x: 0, y: 0, width: totalWidth, height: height), fill: fill, stroke: nil))
        }
        for (i, width) in widths.enumerated() {
            var content: [DrawItem] = []
            if let cellFill = row.fills[i] {
                content.append(.rect(Rect(x: 0, y: 0, width: width, height: height), fill: cellFill, stroke: nil))
            }
            if let layout = row.cells[i], !row.lines[i].isEmpty {
                content.append(
                    .text(
                        layout, lines: row.lines[i], origin: Point(x: style.padding.left, y: style.padding.top),
                        color: row.colors[i]))
            }
            let tag: StructureTag =
                header ? .tableHeader(.column) : !showsHeader && i == 0 ? .tableHeader(.row) : .tableCell
            cells.append(.group(origin: Point(x: x, y: 0), tag: tag.continuing(continues), items: content))
            x += width
        }
        cells.append(.line(Point(x: 0, y: height), Point(x: totalWidth, y: height), style.grid))
        return .group(origin: Point(x: 0, y: y), tag: StructureTag.tableRow.continuing(continues), items: cells)
    }
}
