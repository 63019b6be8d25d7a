import Hummingbird
import Prometheus
import SOCMail

/// The server's Prometheus metrics. The registry is public so that other services of the server (mail
/// delivery) register theirs beside these and `/metrics` shows them all.
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// Seconds, for latencies from a few milliseconds (a health check) to a minute (a long batch render).
    public static let latencyBuckets: [Double] = [
        0.005, 0.01, 0.025, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5, 5, 10, 30, 60,
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// Counts a request by route (the route's pattern, never the raw path), method and status.
    func countRequest(route: String, method: String, status: Int, seconds: Double) {
        registry.makeCounter(
            descriptor: .socreport("http_requests", unit: "total", help: "HTTP requests answered"),
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeValueHistogram(
            descriptor: .socreport(
                "http_request_duration", unit: "seconds", help: "Time from request to response head"),
            labels: [("route", route), ("method", method)], buckets: Self.latencyBuckets
        ).record(seconds)
    }

    /// Time spent drawing one report into PDF bytes.
    public func recordRender(kind: String, seconds: Double) {
        registry.makeValueHistogram(
            descriptor: .socreport("render_duration", unit: "seconds", help: "Report rendering time"),
            labels: [("kind", kind)], buckets: Self.latencyBuckets
        ).record(seconds)
    }

    /// Time to publish one report: store, render (unless already published) and write to the portal,
    /// including the wait for a free render worker.
    public func recordPublish(kind: String, seconds: Double) {
        registry.makeValueHistogram(
            descriptor: .socreport(
                "publish_duration", unit: "seconds", help: "Report publishing time, waiting for a worker included"),
            labels: [("kind", kind)], buckets: Self.latencyBuckets
        ).record(seconds)
    }

    /// A monthly run's tenant outcome.
    func countMonthlyTenant(outcome: String) {
        registry.makeCounter(
            descriptor: .socreport("monthly_tenants", unit: "total", help: "Tenants done by monthly runs, by outcome"),
            labels: [("outcome", outcome)]
        ).increment()
    }
}

/// Counts and times every request, after the route is known.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        metrics.countRequest(
            route: context.endpointPath ?? "NotFound", method: request.method.rawValue,
            status: response.status.code, seconds: (ContinuousClock.now - started).seconds)
        return response
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
