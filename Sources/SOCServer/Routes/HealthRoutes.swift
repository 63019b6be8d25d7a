import Foundation
import Hummingbird
import NIOCore
import SOCPublishing
import SOCStore

/// Liveness, readiness and metrics: public, for the orchestrator and the metrics scraper.
struct HealthRoutes {
    let store: Store
    let pool: RenderPool
    let templates: URL
    let metrics: ServerMetrics

    func add(to router: Router<ServerContext>) {
        router.get("healthz") { _, _ in try JSONBody.response(["status": "alive"]) }
        router.get("readyz") { _, _ in try await ready() }
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
        }
    }

    /// Ready when the store answers and the templates are still where the engines loaded them from
    /// (the engines hold the fonts and templates from start-up on).
    private func ready() async throws -> Response {
        var problems: [String] = []
        do { try await store.ping() } catch { problems.append("store: \(error)") }
        if !FileManager.default.fileExists(atPath: templates.appendingPathComponent("theme.json").path) {
            problems.append("templates: \(templates.path)/theme.json is missing")
        }
        guard problems.isEmpty else { throw APIProblem(.serviceUnavailable, "not ready", problems: problems) }
        return try JSONBody.response(ReadyBody(status: "ready", renderWorkers: pool.workers))
    }

    struct ReadyBody: Encodable {
        var status: String
        var renderWorkers: Int
    }
}
