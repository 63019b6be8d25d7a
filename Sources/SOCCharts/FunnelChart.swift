import SOCLayout

/// One step of the funnel: log records collected, correlated events, events examined, incidents.
public struct FunnelStage: Hashable, Sendable {
    public var label: String
    public var value: Int64
    /// Parts of the stage (the collected logs by source), listed under its bar; empty for none.
    public var breakdown: [ChartValue]
    public init(_ label: String, value: Int64, breakdown: [ChartValue] = []) {
        self.label = label; self.value = value; self.breakdown = breakdown
    }
}

/// How collected log records narrow down to incidents: one horizontal bar per stage on a logarithmic
/// scale (stages differ by up to eight orders of magnitude, and 4 incidents must still show next to 300
/// million records), each with its exact number, and the ratio between consecutive stages.
public struct FunnelChart: Chart {
    public var stages: [FunnelStage]
    public var style: ChartStyle
    public var ratio: RatioFormat
    /// Says the scale is logarithmic ("対数目盛"), under the axis; nil for none.
    public var scaleNote: String?
    public var height: Double
    /// What the chart shows, in words, for readers who cannot see it (the figure's `Alt`).
    public var alt = ""
    public var name: String
    public var spaceAfter: Double

    public init(
        stages: [FunnelStage], style: ChartStyle, ratio: RatioFormat = .oneIn(), scaleNote: String? = nil,
        height: Double = 200, name: String = "funnel chart", spaceAfter: Double = 8
    ) {
        self.stages = stages; self.style = style; self.ratio = ratio; self.scaleNote = scaleNote
        self.height = height; self.name = name; self.spaceAfter = spaceAfter
    }

    public func items(width: Double, measurer: TextMeasurer) -> [DrawItem] {
        let s = style
        let gap = s.label.size * 0.5
        let values = stages.map { max(0, $0.value) }
        let scale = LogScale(values: values.map(Double.init))

        // Columns: wrapped stage labels | bars | room for the longest number after a full-length bar.
        let numbers = values.map { measurer.label(s.numbers.string($0), s.value) }
        let labelWidth = LabelPlacement.columnWidth(
            naturalWidths: stages.map { measurer.label($0.label, s.label).width },
            limit: width * 0.3)
        let plotX = labelWidth + gap
        let plotWidth = max(1, width - plotX - gap - (numbers.map(\.width).max() ?? 0))
        let listWidth = width - plotX

        // Fixed heights first: ratio gaps, breakdown lists, the axis; the stage rows share what is left.
        let ratios = zip(values, values.dropFirst()).map {
            measurer.label(ratio.text($0, $1), s.note, width: listWidth)
        }
        let ratioHeight = (ratios.map(\.height).max() ?? 0) + 2
        let decadeLabels = scale.decades.map { measurer.label(decadeLabel($0), s.tick) }
        let note = scaleNote.map { measurer.label($0, s.note, width: width) }
        let axisHeight = (decadeLabels.map(\.height).max() ?? 0) + 2 + (note.map { $0.height + 2 } ?? 0)
        let rowsAndLists = height - axisHeight - ratioHeight * Double(ratios.count)
        let minimumRow = numbers.map(\.height).max() ?? 0
        let stageCount = Double(max(stages.count, 1))
        // Breakdown lists are detail: left out when the stages would not keep a line each.
        var breakdowns = stages.map { breakdownList($0.breakdown, width: listWidth, measurer: measurer) }
        if rowsAndLists - breakdowns.map(\.height).reduce(0, +) < minimumRow * stageCount {
            breakdowns = breakdowns.map { _ in ([], 0) }
        }
        let rowHeight = max((rowsAndLists - breakdowns.map(\.height).reduce(0, +)) / stageCount, minimumRow)
        let barHeight = min(rowHeight * 0.7, s.label.size * 2.4)

        var bars: [DrawItem] = [], paper: [DrawItem] = []
        var texts: [PlacedText] = []
        var y = 0.0
        for (i, stage) in stages.enumerated() {
            let label = measurer.label(stage.label, s.label, width: labelWidth, maxHeight: rowHeight)
            texts.append(
                PlacedText(label, at: Point(x: 0, y: y + max(0, (rowHeight - label.height) / 2)), color: s.label.color))
            // A 0 stage has no bar (its logarithm is -∞) but keeps its label and its "0".
            let length = values[i] > 0 ? scale.fraction(Double(values[i])) * plotWidth : 0
            if length > 0 {
                let series = s.series(i)
                bars.append(
                    .rect(
                        Rect(x: plotX, y: y + (rowHeight - barHeight) / 2, width: length, height: barHeight),
                        fill: series.color, stroke: s.barOutline, hatch: series.hatch))
            }
            texts.append(
                PlacedText(
                    numbers[i], at: Point(x: plotX + length + gap, y: y + (rowHeight - numbers[i].height) / 2),
                    color: s.value.color))
            y += rowHeight
            for part in breakdowns[i].texts {
                texts.append(
                    PlacedText(
                        part.layout, at: Point(x: plotX + part.origin.x, y: y + part.origin.y), color: part.color))
            }
            y += breakdowns[i].height
            if i < ratios.count {
                // Paper behind the ratio, so that no gridline runs through its digits.
                paper.append(
                    .rect(
                        Rect(
                            x: plotX + gap - 1.5, y: y + 0.5, width: ratios[i].width + 3, height: ratios[i].height + 1),
                        fill: .white, stroke: nil, hatch: .none))
                texts.append(PlacedText(ratios[i], at: Point(x: plotX + gap, y: y + 1), color: s.note.color))
                y += ratioHeight
            }
        }

        let xs = scale.decades.map { plotX + scale.fraction(pow10($0)) * plotWidth }
        let axis = bottomValueAxis(
            xs: xs, labels: decadeLabels, baseX: plotX, top: 0, bottom: y, width: width,
            style: s, gap: gap)
        texts += axis.labels
        if let note {
            texts.append(
                PlacedText(note, at: Point(x: width - note.width, y: height - note.height), color: s.note.color))
        }
        return axis.lines + paper + bars + texts.map(\.item)
    }

    /// "url-filter 120,000,000", "web-av 80,000,000" … flowing in rows, in the given order.
    private func breakdownList(
        _ parts: [ChartValue], width: Double,
        measurer: TextMeasurer
    ) -> (texts: [PlacedText], height: Double) {
        let layouts = parts.map {
            measurer.label("\($0.label) \(style.numbers.string(max(0, $0.value)))", style.legend, width: width)
        }
        let (origins, height) = flow(
            layouts.map { Size(width: $0.width, height: $0.height) }, width: width,
            gap: style.legend.size * 1.5, rowGap: 1)
        let texts = zip(layouts, origins).map { PlacedText($0, at: $1, color: style.legend.color) }
        return (texts, parts.isEmpty ? 0 : height + 2)
    }

    /// 1, 10, 100, 1,000 … with the report's separators.
    private func decadeLabel(_ exponent: Int) -> String {
        style.numbers.string(pow10(exponent), fractionDigits: max(0, -exponent))
    }
}

private func pow10(_ exponent: Int) -> Double {
    var value = 1.0
    for _ in 0..<abs(exponent) { value *= 10 }
    return exponent >= 0 ? value : 1 / value
}
