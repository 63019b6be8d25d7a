import SOCLayout

/// Horizontal bars, one per category (the month's incidents by threat type): labels wrapped in a column
/// on the left, each bar's value at its end, a linear scale with gridlines underneath.
public struct BarChart: Chart {
    public var categories: [ChartValue]
    public var style: ChartStyle
    /// Shown across the plot when every value is 0 ("No incidents this month"); nil for none.
    public var emptyNote: String?
    public var height: Double
    /// What the chart shows, in words, for readers who cannot see it (the figure's `Alt`).
    public var alt = ""
    public var name: String
    public var spaceAfter: Double

    public init(
        categories: [ChartValue], style: ChartStyle, emptyNote: String? = nil, height: Double = 240,
        name: String = "bar chart", spaceAfter: Double = 8
    ) {
        self.categories = categories; self.style = style; self.emptyNote = emptyNote
        self.height = height; self.name = name; self.spaceAfter = spaceAfter
    }

    public func items(width: Double, measurer: TextMeasurer) -> [DrawItem] {
        let s = style
        let gap = s.label.size * 0.5
        let values = categories.map { max(0, $0.value) }
        let scale = LinearScale(maxValue: Double(values.max() ?? 0), integerOnly: true)
        let isEmpty = values.allSatisfy { $0 == 0 }
        let note = isEmpty ? emptyNote : nil

        let numbers = values.map { measurer.label(s.numbers.string($0), s.value) }
        let ticks = tickLabels(scale, style: s, measurer: measurer)
        let labelWidth = LabelPlacement.columnWidth(
            naturalWidths: categories.map { measurer.label($0.label, s.label).width },
            limit: width * 0.35)
        let plotX = labelWidth + gap
        // Right of the plot: the number after a full-length bar, and half the last tick label centred on the end.
        let rightRoom = max((numbers.map(\.width).max() ?? 0) + gap, (ticks.last?.width ?? 0) / 2)
        let plotWidth = max(1, width - plotX - rightRoom)
        let rowsHeight = max(0, height - (ticks.map(\.height).max() ?? 0) - 2)
        let rowHeight = rowsHeight / Double(max(categories.count, 1))
        let barHeight = min(rowHeight * 0.65, s.label.size * 1.8)
        let series = s.series(0)

        var bars: [DrawItem] = []
        var texts: [PlacedText] = []
        for (i, category) in categories.enumerated() {
            let top = Double(i) * rowHeight
            let label = measurer.label(category.label, s.label, width: labelWidth, maxHeight: rowHeight)
            texts.append(
                PlacedText(
                    label, at: Point(x: 0, y: top + max(0, (rowHeight - label.height) / 2)), color: s.label.color))
            let length = scale.fraction(Double(values[i])) * plotWidth
            if length > 0 {
                bars.append(
                    .rect(
                        Rect(x: plotX, y: top + (rowHeight - barHeight) / 2, width: length, height: barHeight),
                        fill: series.color, stroke: s.barOutline, hatch: series.hatch))
            }
            // With a note saying there is nothing, a column of zeros only adds noise.
            if note == nil {
                texts.append(
                    PlacedText(
                        numbers[i], at: Point(x: plotX + length + gap, y: top + (rowHeight - numbers[i].height) / 2),
                        color: s.value.color))
            }
        }
        // With nothing to show, a 0–5 scale and its gridlines would only run through the note: the zero line stays.
        let shown = note == nil ? scale.ticks.count : 1
        let xs = scale.ticks.prefix(shown).map { plotX + scale.fraction($0) * plotWidth }
        let axis = bottomValueAxis(
            xs: Array(xs), labels: Array(ticks.prefix(shown)), baseX: plotX, top: 0, bottom: rowsHeight, width: width,
            style: s, gap: gap)
        texts += axis.labels
        if let note {
            texts.append(
                centredNote(
                    note, in: Rect(x: plotX, y: 0, width: plotWidth, height: rowsHeight),
                    style: s, measurer: measurer))
        }
        return axis.lines + bars + texts.map(\.item)
    }
}
