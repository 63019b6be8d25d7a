/// Which of the theme's font families a text uses; the backend maps roles to fonts.
public enum FontRole: String, Hashable, Sendable, Codable {
    /// Proportional text (BIZ UDPGothic by default).
    case sans
    /// Fixed-width text for log records, hashes and indicators (BIZ UDGothic by default).
    case mono
}

public enum TextAlignment: String, Hashable, Sendable, Codable { case left, center, right }

public struct TextStyle: Hashable, Sendable {
    public var role: FontRole
    public var size: Double
    public var bold: Bool
    public var color: Color
    public var alignment: TextAlignment
    /// Line height as a multiple of the font's natural line height.
    public var lineSpacing: Double
    /// The text is a value to act on (an indicator to block, an address, a signature name): characters
    /// that draw nothing (zero-width spaces and joiners, direction marks, tag characters) are shown by
    /// their code point, since the value shown must be the value meant.
    public var showsInvisibles: Bool

    public init(
        role: FontRole = .sans, size: Double = 9.5, bold: Bool = false, color: Color = .black,
        alignment: TextAlignment = .left, lineSpacing: Double = 1.0, showsInvisibles: Bool = false
    ) {
        self.role = role; self.size = size; self.bold = bold; self.color = color
        self.alignment = alignment; self.lineSpacing = lineSpacing; self.showsInvisibles = showsInvisibles
    }

    public func with(_ change: (inout TextStyle) -> Void) -> TextStyle {
        var copy = self
        change(&copy)
        return copy
    }
}
