/// A labelled count: a bar of the bar chart, a part of a funnel stage.
public struct ChartValue: Hashable, Sendable {
    public var label: String
    public var value: Int64
    public init(_ label: String, _ value: Int64) { self.label = label; self.value = value }
}

/// Counts of one series per category (incidents of one severity per month).
public struct CountSeries: Hashable, Sendable {
    public var name: String
    /// One per category, in category order; missing ones count as 0.
    public var counts: [Int64]
    public init(_ name: String, counts: [Int64]) { self.name = name; self.counts = counts }

    /// Counts are never negative; bad data is drawn as 0 rather than below the axis.
    func count(at index: Int) -> Int64 { index < counts.count ? max(0, counts[index]) : 0 }
}

/// Values of one line per category; not necessarily whole numbers (a threat level).
public struct LineSeries: Hashable, Sendable {
    public var name: String
    /// One per category, in category order; categories beyond the end have no point.
    public var values: [Double]
    public init(_ name: String, values: [Double]) { self.name = name; self.values = values }
}
