import SOCLayout

/// A chart: a fixed-height figure as wide as its region, never split across pages. Its drawing is a pure
/// function of the width, so tests inspect `items(width:measurer:)` without a backend. Tagged `Figure`
/// with `alt`, the words a screen reader reads instead of the drawing.
public protocol Chart: Block {
    var height: Double { get }
    var alt: String { get set }
    /// Items in a box `width` × `height`, origin at its top-left corner.
    func items(width: Double, measurer: TextMeasurer) -> [DrawItem]
}

extension Chart {
    public func layout(in region: Region, measurer: TextMeasurer) throws -> LayoutResult {
        guard height <= region.height else { return .doesNotFit }
        let figure = DrawItem.group(
            origin: .zero, tag: .figure(alt: alt), items: items(width: region.width, measurer: measurer))
        return .fits(Fragment(height: height, items: [figure]))
    }
}

extension Chart {
    /// This chart described by `alt`.
    public func described(_ alt: String) -> Self {
        var chart = self
        chart.alt = alt
        return chart
    }
}
