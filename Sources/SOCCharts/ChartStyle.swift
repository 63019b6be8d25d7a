import SOCLayout

/// How one series is told apart: by colour on screen, and by hatch and marker shape in greyscale print.
public struct SeriesStyle: Hashable, Sendable {
    public var color: Color
    /// Pattern over bar and swatch fills.
    public var hatch: Hatch
    /// Point marker in line charts.
    public var marker: MarkerShape
    public init(color: Color, hatch: Hatch, marker: MarkerShape) {
        self.color = color; self.hatch = hatch; self.marker = marker
    }

    /// Six series that differ in colour, hatch and marker all at once.
    public static let standardPalette: [SeriesStyle] = [
        SeriesStyle(color: Color(hex: "#1F4E79")!, hatch: .none, marker: .circle),
        SeriesStyle(color: Color(hex: "#C0504D")!, hatch: .diagonal, marker: .square),
        SeriesStyle(color: Color(hex: "#D89B00")!, hatch: .dots, marker: .triangle),
        SeriesStyle(color: Color(hex: "#4F8A3C")!, hatch: .horizontal, marker: .diamond),
        SeriesStyle(color: Color(hex: "#7F6A93")!, hatch: .crossDiagonal, marker: .triangleDown),
        SeriesStyle(color: Color(hex: "#7F7F7F")!, hatch: .vertical, marker: .cross),
    ]
}

/// Everything a chart needs to look like the rest of the report. The caller supplies the wording (labels
/// in Japanese or English); the style decides type, lines, colours and how numbers are written.
public struct ChartStyle: Hashable, Sendable {
    /// Category, stage and month labels.
    public var label: TextStyle
    /// Scale tick labels.
    public var tick: TextStyle
    /// Numbers at bar ends, stack totals, point values.
    public var value: TextStyle
    /// Legend entries and the funnel's breakdown list.
    public var legend: TextStyle
    /// Funnel ratios, the scale note and the no-data note.
    public var note: TextStyle
    public var axis: Stroke
    public var grid: Stroke
    /// Drawn round bars and swatches so that light fills keep an edge in print.
    public var barOutline: Stroke?
    /// Fill behind the current month.
    public var emphasis: Color
    /// Series styles in series order; reused from the start when a chart has more series.
    public var palette: [SeriesStyle]
    public var numbers: NumberFormat

    public init(
        label: TextStyle = TextStyle(size: 8),
        tick: TextStyle = TextStyle(size: 7, color: Color(red: 0.35, green: 0.35, blue: 0.35)),
        value: TextStyle = TextStyle(size: 7.5, bold: true),
        legend: TextStyle = TextStyle(size: 7.5),
        note: TextStyle = TextStyle(size: 7.5, color: Color(red: 0.35, green: 0.35, blue: 0.35)),
        axis: Stroke = Stroke(color: Color(red: 0.3, green: 0.3, blue: 0.3), width: 0.75),
        grid: Stroke = Stroke(color: Color(red: 0.85, green: 0.85, blue: 0.85), width: 0.4),
        barOutline: Stroke? = Stroke(color: Color(red: 0.25, green: 0.25, blue: 0.25), width: 0.4),
        emphasis: Color = Color(red: 0.93, green: 0.95, blue: 0.98),
        palette: [SeriesStyle] = SeriesStyle.standardPalette,
        numbers: NumberFormat = NumberFormat()
    ) {
        self.label = label; self.tick = tick; self.value = value; self.legend = legend; self.note = note
        self.axis = axis; self.grid = grid; self.barOutline = barOutline; self.emphasis = emphasis
        self.palette = palette.isEmpty ? SeriesStyle.standardPalette : palette
        self.numbers = numbers
    }

    public func series(_ index: Int) -> SeriesStyle { palette[index % palette.count] }
}
