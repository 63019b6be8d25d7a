/// One line of a laid-out text, relative to the top of its text.
public struct LineBox: Hashable, Sendable {
    public var top: Double
    public var height: Double
    public var width: Double
    public init(top: Double, height: Double, width: Double) {
        self.top = top; self.height = height; self.width = width
    }
}

/// Text broken into lines at a given width. The backend keeps whatever it needs to draw the same
/// glyphs it measured (for Pango, the layout itself), so measuring and drawing always agree.
public protocol TextLayout: AnyObject {
    var lines: [LineBox] { get }
}

extension TextLayout {
    public var height: Double { lines.last.map { $0.top + $0.height } ?? 0 }
    public var width: Double { lines.reduce(0) { max($0, $1.width) } }
    /// Height taken by `range` of lines when they are drawn on their own.
    public func height(of range: Range<Int>) -> Double {
        guard !range.isEmpty else { return 0 }
        return lines[range.upperBound - 1].top + lines[range.upperBound - 1].height - lines[range.lowerBound].top
    }
}

/// Breaks text into lines. `width == nil` lays the text out on one line per paragraph, unwrapped.
public protocol TextMeasurer {
    func layout(_ text: String, style: TextStyle, width: Double?) -> TextLayout
}
