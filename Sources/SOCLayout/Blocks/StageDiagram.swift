public struct StageDiagramStyle: Sendable {
    public var label: TextStyle
    public var reachedFill: Color
    public var reachedText: Color
    /// Stages the attack passed through on its way to the reached one.
    public var passedFill: Color
    public var pendingFill: Color
    public var outline: Stroke
    public init(
        label: TextStyle, reachedFill: Color, reachedText: Color, passedFill: Color, pendingFill: Color, outline: Stroke
    ) {
        self.label = label; self.reachedFill = reachedFill; self.reachedText = reachedText
        self.passedFill = passedFill; self.pendingFill = pendingFill; self.outline = outline
    }
}

/// Stages as a row of chevrons, the reached one highlighted (and hatched, for greyscale print),
/// the ones before it tinted. A `Figure` described by `alt`.
public struct StageDiagram: Block {
    public var stages: [String]
    public var reached: Int
    public var style: StageDiagramStyle
    public var alt: String
    public var spaceAfter: Double
    public init(stages: [String], reached: Int, style: StageDiagramStyle, alt: String, spaceAfter: Double = 8) {
        self.stages = stages; self.reached = reached; self.style = style; self.alt = alt; self.spaceAfter = spaceAfter
    }

    public var name: String { "stage diagram" }

    public func layout(in region: Region, measurer: TextMeasurer) throws -> LayoutResult {
        guard !stages.isEmpty else { return .fits(Fragment(height: 0, items: [])) }
        let tip = 6.0
        let step = region.width / Double(stages.count)
        let labelWidth = step - tip * 2 - 2
        // Labels break between words only: the font shrinks (to 70 % at most) until the longest word fits.
        func labelStyle(_ i: Int, _ scale: Double) -> TextStyle {
            style.label.with {
                $0.alignment = .center; $0.size *= scale; if i == reached { $0.bold = true }
            }
        }
        let widestWord =
            stages.enumerated().flatMap { i, s in
                s.split(separator: " ").map { measurer.layout(String($0), style: labelStyle(i, 1), width: nil).width }
            }.max() ?? 0
        let scale = widestWord > labelWidth ? max(0.7, labelWidth / widestWord) : 1
        let labels = stages.enumerated().map { i, s in
            measurer.layout(s, style: labelStyle(i, scale), width: max(1, labelWidth))
        }
        let height = (labels.map(\.height).max() ?? 0) + 12
        guard height <= region.height else { return .doesNotFit }
        var items: [DrawItem] = []
        for (i, label) in labels.enumerated() {
            let x0 = Double(i) * step, x1 = x0 + step - 1.5
            var shape: [PathElement] = [
                .move(Point(x: x0, y: 0)), .line(Point(x: x1 - tip, y: 0)),
                .line(Point(x: x1, y: height / 2)), .line(Point(x: x1 - tip, y: height)),
                .line(Point(x: x0, y: height)),
            ]
            if i > 0 { shape.append(.line(Point(x: x0 + tip, y: height / 2))) }
            shape.append(.close)
            let fill = i == reached ? style.reachedFill : (i < reached ? style.passedFill : style.pendingFill)
            items.append(.path(shape, fill: fill, stroke: style.outline, hatch: i == reached ? .diagonal : .none))
            let textColor = i == reached ? style.reachedText : style.label.color
            items.append(
                .text(
                    label, lines: 0..<label.lines.count,
                    origin: Point(x: x0 + (i > 0 ? tip : 2), y: (height - label.height) / 2), color: textColor))
        }
        return .fits(Fragment(height: height, items: [.group(origin: .zero, tag: .figure(alt: alt), items: items)]))
    }
}

/// A fixed-height drawing (charts): `draw` receives the width and lays out its own items.
public struct Graphic: Block {
    public var name: String
    public var height: Double
    public var draw: (Double, TextMeasurer) -> [DrawItem]
    public var spaceAfter: Double
    public init(
        name: String, height: Double, spaceAfter: Double = 8, draw: @escaping (Double, TextMeasurer) -> [DrawItem]
    ) {
        self.name = name; self.height = height; self.spaceAfter = spaceAfter; self.draw = draw
    }

    public func layout(in region: Region, measurer: TextMeasurer) throws -> LayoutResult {
        guard height <= region.height else { return .doesNotFit }
        return .fits(
            Fragment(
                height: height,
                items: [.group(origin: .zero, tag: .figure(alt: name), items: draw(region.width, measurer))]))
    }
}
