import SOCLayout

/// Tick labels of `scale`, in tick order.
func tickLabels(_ scale: LinearScale, style: ChartStyle, measurer: TextMeasurer) -> [TextLayout] {
    scale.ticks.map { measurer.label(style.numbers.string($0, fractionDigits: scale.fractionDigits), style.tick) }
}

/// A vertical value axis: gridlines across `plot` at each tick above 0, the base line at 0, and tick
/// labels ending `gap` left of the plot (thinned if the plot is too short for all of them).
func leftValueAxis(
    _ scale: LinearScale, labels: [TextLayout], plot: Rect, style: ChartStyle,
    gap: Double
) -> (lines: [DrawItem], labels: [PlacedText]) {
    var lines: [DrawItem] = []
    var texts: [PlacedText] = []
    for (tick, label) in zip(scale.ticks, labels) {
        let y = plot.maxY - scale.fraction(tick) * plot.height
        if tick > 0 { lines.append(.line(Point(x: plot.x, y: y), Point(x: plot.maxX, y: y), style.grid)) }
        texts.append(
            PlacedText(
                label, at: Point(x: plot.x - gap - label.width, y: y - label.height / 2),
                color: style.tick.color))
    }
    lines.append(.line(Point(x: plot.x, y: plot.maxY), Point(x: plot.maxX, y: plot.maxY), style.axis))
    return (lines, clear(texts, order: Array(texts.indices), gap: gap / 2))
}

/// A horizontal value axis under bars running right: gridlines from `top` to `bottom` at each tick
/// position (`xs`), the base line at `baseX`, and tick labels centred under the ticks, kept inside the
/// chart's `width` and thinned where they would touch.
func bottomValueAxis(
    xs: [Double], labels: [TextLayout], baseX: Double, top: Double, bottom: Double,
    width: Double, style: ChartStyle, gap: Double
) -> (lines: [DrawItem], labels: [PlacedText]) {
    var lines: [DrawItem] = xs.filter { $0 > baseX + 0.01 }.map {
        .line(Point(x: $0, y: top), Point(x: $0, y: bottom), style.grid)
    }
    lines.append(.line(Point(x: baseX, y: top), Point(x: baseX, y: bottom), style.axis))
    let texts = zip(xs, labels).map { x, label in
        PlacedText(label, at: Point(x: x - label.width / 2, y: bottom + 2), color: style.tick.color).keptInside(
            width: width)
    }
    // Every tick, else every second, third…: an evenly thinned axis reads better than a greedy one.
    for step in 1...max(1, texts.count) {
        let kept = texts.indices.filter { $0 % step == 0 }.map { texts[$0] }
        let clear = zip(kept, kept.dropFirst()).allSatisfy {
            !$0.box(padding: gap / 2).intersects($1.box(padding: gap / 2))
        }
        if clear { return (lines, kept) }
    }
    return (lines, clear(texts, order: Array(texts.indices), gap: gap))
}

/// A note centred in `area` (no data this month), wrapped to its width.
func centredNote(_ text: String, in area: Rect, style: ChartStyle, measurer: TextMeasurer) -> PlacedText {
    let layout = measurer.label(text, style.note, width: area.width, maxHeight: area.height)
    let origin = Point(x: area.x + (area.width - layout.width) / 2, y: area.y + (area.height - layout.height) / 2)
    return PlacedText(layout, at: origin, color: style.note.color)
}
