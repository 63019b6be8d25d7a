import SOCLayout

/// Series names with their keys, flowing in rows across the top of a chart.
struct Legend {
    enum Key {
        /// A filled, hatched square, for bars.
        case swatch
        /// A short line through a marker, for line series.
        case line
    }

    /// Swatches or line samples.
    let keys: [DrawItem]
    /// The names as placed, drawn by the chart with its other labels so those can keep clear of them.
    let texts: [PlacedText]
    let height: Double

    init(names: [String], key: Key, style: ChartStyle, width: Double, measurer: TextMeasurer) {
        let size = style.legend.size
        let keyWidth = key == .swatch ? size : size * 2.4
        let keyGap = size * 0.4
        let layouts = names.map { measurer.label($0, style.legend, width: width - keyWidth - keyGap) }
        let sizes = layouts.map { Size(width: keyWidth + keyGap + $0.width, height: max($0.height, size)) }
        let (origins, height) = flow(sizes, width: width, gap: size * 1.5, rowGap: size * 0.3)
        var keys: [DrawItem] = []
        var texts: [PlacedText] = []
        for (i, layout) in layouts.enumerated() {
            let series = style.series(i)
            let o = origins[i]
            let midY = o.y + sizes[i].height / 2
            switch key {
            case .swatch:
                keys.append(
                    .rect(
                        Rect(x: o.x, y: midY - size / 2, width: size, height: size),
                        fill: series.color, stroke: style.barOutline, hatch: series.hatch))
            case .line:
                keys.append(
                    .line(
                        Point(x: o.x, y: midY), Point(x: o.x + keyWidth, y: midY),
                        Stroke(color: series.color, width: seriesLineWidth)))
                keys.append(
                    series.marker.item(
                        at: Point(x: o.x + keyWidth / 2, y: midY), radius: size * 0.38,
                        fill: series.color, stroke: nil))
            }
            texts.append(
                PlacedText(
                    layout, at: Point(x: o.x + keyWidth + keyGap, y: midY - layout.height / 2),
                    color: style.legend.color))
        }
        self.keys = keys
        self.height = height
        self.texts = texts
    }
}
