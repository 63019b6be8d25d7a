import SOCLayout

/// Width of series lines, in the plot and in the legend.
let seriesLineWidth = 1.4

/// One or more series over the same months (incident totals, threat level): lines with a distinct marker
/// shape per series, the current (last) month on a tinted band with larger markers and a bold label,
/// values written at the points when there are few of them.
public struct LineChart: Chart {
    /// Month labels, oldest first; the last is the current month.
    public var categories: [String]
    public var series: [LineSeries]
    public var style: ChartStyle
    /// Counts: integer ticks only.
    public var integerOnly: Bool
    /// Up to this many months every point gets its value; beyond that only the current month's points do.
    public var valuesOnEveryPointUpTo: Int
    public var height: Double
    /// What the chart shows, in words, for readers who cannot see it (the figure's `Alt`).
    public var alt = ""
    public var name: String
    public var spaceAfter: Double

    public init(
        categories: [String], series: [LineSeries], style: ChartStyle, integerOnly: Bool = true,
        valuesOnEveryPointUpTo: Int = 6, height: Double = 180, name: String = "line chart", spaceAfter: Double = 8
    ) {
        self.categories = categories; self.series = series; self.style = style; self.integerOnly = integerOnly
        self.valuesOnEveryPointUpTo = valuesOnEveryPointUpTo
        self.height = height; self.name = name; self.spaceAfter = spaceAfter
    }

    public func items(width: Double, measurer: TextMeasurer) -> [DrawItem] {
        let s = style
        let gap = s.tick.size * 0.5
        let count = categories.count
        let current = count - 1
        // Missing and non-finite values have no point; negative ones are held at 0.
        let values: [[Double?]] = series.map { one in
            (0..<count).map { i in i < one.values.count && one.values[i].isFinite ? max(0, one.values[i]) : nil }
        }
        let scale = LinearScale(maxValue: values.joined().compactMap { $0 }.max() ?? 0, integerOnly: integerOnly)
        let ticks = tickLabels(scale, style: s, measurer: measurer)
        let tickHeight = ticks.map(\.height).max() ?? 0
        // Levels are written with the ticks' decimals ("1.0", "2.5"); counts as they are.
        let valueText: (Double) -> String =
            integerOnly
            ? { s.numbers.string($0, fractionDigits: 2, trimmingZeros: true) }
            : { s.numbers.string($0, fractionDigits: max(1, scale.fractionDigits)) }
        let valueLabels = values.map { $0.map { $0.map { measurer.label(valueText($0), s.value) } } }
        let radius = s.value.size * 0.4
        let currentRadius = radius * 1.4

        let legend = Legend(names: series.map(\.name), key: .line, style: s, width: width, measurer: measurer)
        let valueHeight = valueLabels.joined().compactMap { $0?.height }.max() ?? 0
        let plotTop =
            legend.height + (series.isEmpty ? 0 : gap * 2) + max(valueHeight + currentRadius + 2, tickHeight / 2)
        let labelGap = tickHeight / 2 + 2
        let monthLabels = categories.enumerated().map { i, text in
            measurer.label(text, i == current ? s.label.with { $0.bold = true } : s.label)
        }
        // The right edge leaves room for the current month's marker, should the slots be narrower than it.
        let months = CategoryAxis(
            monthLabels, color: s.label.color, left: (ticks.map(\.width).max() ?? 0) + gap,
            right: width - currentRadius - s.axis.width, chartWidth: width, gap: gap,
            maxDepth: (height - plotTop) * 0.35)
        let axisY = max(plotTop + 1, height - months.depth - labelGap)
        let plot = Rect(x: months.left, y: plotTop, width: months.right - months.left, height: axisY - plotTop)

        var items: [DrawItem] = []
        // With a single month there is nothing to stand out from.
        if count > 1 {
            items.append(
                .rect(
                    Rect(
                        x: months.centre(current) - months.slot / 2, y: plot.y, width: months.slot, height: plot.height),
                    fill: s.emphasis, stroke: nil))
        }
        let axis = leftValueAxis(scale, labels: ticks, plot: plot, style: s, gap: gap)
        items += axis.lines + legend.keys

        var markers: [DrawItem] = []
        // Each value goes above its point, or below it when that is taken (by another series' value).
        var candidates: [(placements: [PlacedText], category: Int)] = []
        for (j, points) in values.enumerated() {
            let look = s.series(j)
            var path: [PathElement] = []
            var previous: Int? = nil
            for (i, value) in points.enumerated() {
                guard let value else { continue }
                let point = Point(x: months.centre(i), y: plot.maxY - scale.fraction(value) * plot.height)
                // A missing month breaks the line rather than bridging it.
                path.append(previous == i - 1 ? .line(point) : .move(point))
                previous = i
                let r = i == current ? currentRadius : radius
                markers.append(
                    look.marker.item(at: point, radius: r, fill: look.color, stroke: i == current ? s.axis : nil))
                if count <= valuesOnEveryPointUpTo || i == current, let label = valueLabels[j][i] {
                    let x = point.x - label.width / 2
                    var placements = [
                        PlacedText(label, at: Point(x: x, y: point.y - r - 1.5 - label.height), color: s.value.color)
                    ]
                    if point.y + r + 1.5 + label.height <= plot.maxY {
                        placements.append(
                            PlacedText(label, at: Point(x: x, y: point.y + r + 1.5), color: s.value.color))
                    }
                    candidates.append((placements.map { $0.keptInside(width: width) }, i))
                }
            }
            if path.contains(where: {
                if case .line = $0 { return true }; return false
            }) {
                items.append(.path(path, fill: nil, stroke: Stroke(color: look.color, width: seriesLineWidth)))
            }
        }
        // The current month's values first, then the others from the most recent back.
        let order = candidates.indices.sorted { candidates[$0].category > candidates[$1].category }
        let shown = clear(
            alternatives: candidates.map(\.placements), order: order, obstacles: axis.labels + legend.texts, gap: gap)
        return items + markers + (axis.labels + legend.texts + shown).map(\.item) + months.items(top: axisY + labelGap)
    }
}
