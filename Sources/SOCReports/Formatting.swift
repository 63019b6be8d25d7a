import SOCCharts

/// "300,000,000": grouping fixed to the comma so that reports never depend on the machine's locale.
public func grouped(_ value: Int) -> String { NumberFormat().string(Int64(value)) }
