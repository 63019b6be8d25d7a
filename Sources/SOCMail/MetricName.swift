import Prometheus

extension MetricNameDescriptor {
    /// One of socreport's metrics, `socreport_<name>[_<unit>]`, with its help text: the one place the namespace is
    /// written, for the deliverer's metrics here and the server's.
    public static func socreport(_ name: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "socreport", metricName: name, unitName: unit, helpText: help)
    }
}
