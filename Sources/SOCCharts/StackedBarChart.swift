import SOCLayout

/// Vertical stacked columns, one per category (month), one segment per series (severity), each series
/// with its colour and hatch; the total above each column, a legend on top, integer ticks on the left.
public struct StackedBarChart: Chart {
    /// Column labels ("2025-11", "11月"), oldest first.
    public var categories: [String]
    /// Stacked from the bottom up in this order.
    public var series: [CountSeries]
    public var style: ChartStyle
    /// Shown across the plot when every count is 0; nil for none.
    public var emptyNote: String?
    public var height: Double
    /// What the chart shows, in words, for readers who cannot see it (the figure's `Alt`).
    public var alt = ""
    public var name: String
    public var spaceAfter: Double

    public init(
        categories: [String], series: [CountSeries], style: ChartStyle, emptyNote: String? = nil,
        height: Double = 220, name: String = "stacked bar chart", spaceAfter: Double = 8
    ) {
        self.categories = categories; self.series = series; self.style = style; self.emptyNote = emptyNote
        self.height = height; self.name = name; self.spaceAfter = spaceAfter
    }

    public func items(width: Double, measurer: TextMeasurer) -> [DrawItem] {
        let s = style
        let gap = s.tick.size * 0.5
        let legend = Legend(names: series.map(\.name), key: .swatch, style: s, width: width, measurer: measurer)
        let totals = categories.indices.map { i in series.reduce(Int64(0)) { $0 + $1.count(at: i) } }
        let scale = LinearScale(maxValue: Double(totals.max() ?? 0), integerOnly: true)
        let ticks = tickLabels(scale, style: s, measurer: measurer)
        let tickHeight = ticks.map(\.height).max() ?? 0
        let totalTexts = totals.map { measurer.label(s.numbers.string($0), s.value) }

        // Top to bottom: legend, room for the total over the tallest column, plot, month labels.
        let plotTop =
            legend.height + (series.isEmpty ? 0 : gap * 2)
            + max((totalTexts.map(\.height).max() ?? 0) + 2, tickHeight / 2)
        let axisLeft = (ticks.map(\.width).max() ?? 0) + gap
        let labelGap = tickHeight / 2 + 2
        let months = CategoryAxis(
            categories.map { measurer.label($0, s.label) }, color: s.label.color,
            left: axisLeft, right: width, chartWidth: width, gap: gap,
            maxDepth: (height - plotTop) * 0.35)
        let axisY = max(plotTop + 1, height - months.depth - labelGap)
        let plot = Rect(x: months.left, y: plotTop, width: months.right - months.left, height: axisY - plotTop)
        let columnWidth = min(months.slot * 0.62, s.label.size * 4)

        let axis = leftValueAxis(scale, labels: ticks, plot: plot, style: s, gap: gap)
        var columns: [DrawItem] = []
        var totalsPlaced: [PlacedText] = []
        for i in categories.indices {
            let x = months.centre(i) - columnWidth / 2
            // Segment edges from running sums, so the segments add up exactly to the column.
            var below: Int64 = 0
            for (j, one) in series.enumerated() where one.count(at: i) > 0 {
                let bottom = plot.maxY - scale.fraction(Double(below)) * plot.height
                below += one.count(at: i)
                let top = plot.maxY - scale.fraction(Double(below)) * plot.height
                let look = s.series(j)
                columns.append(
                    .rect(
                        Rect(x: x, y: top, width: columnWidth, height: bottom - top),
                        fill: look.color, stroke: s.barOutline, hatch: look.hatch))
            }
            let top = plot.maxY - scale.fraction(Double(totals[i])) * plot.height
            let text = totalTexts[i]
            totalsPlaced.append(
                PlacedText(
                    text, at: Point(x: months.centre(i) - text.width / 2, y: top - 2 - text.height),
                    color: s.value.color
                ).keptInside(width: width))
        }
        var fixed = axis.labels + legend.texts
        if let emptyNote, totals.allSatisfy({ $0 == 0 }) {
            fixed.append(centredNote(emptyNote, in: plot, style: s, measurer: measurer))
        }
        // Where totals would touch, the more recent month's is kept.
        let shownTotals = clear(totalsPlaced, order: Array(totalsPlaced.indices.reversed()), obstacles: fixed, gap: gap)
        return legend.keys + axis.lines + columns + (fixed + shownTotals).map(\.item)
            + months.items(top: axisY + labelGap)
    }
}
