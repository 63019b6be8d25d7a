import Foundation
import Hummingbird
import NIOCore
import SOCMail
import SOCPublishing
import SOCStore

/// Liveness, readiness and metrics, for the orchestrator and the metrics scraper. With `details` (the
/// admin listener, or the one listener when there is none) `/readyz` names what is not ready and
/// `/metrics` is served; without, `/readyz` answers its status only and `/metrics` is not there.
struct HealthRoutes {
    let store: Store
    let pool: RenderPool
    let templates: URL
    let metrics: ServerMetrics
    /// The mail relay's session refusals, when the server delivers mail.
    let relay: RelayHealth?
    let details: Bool

    func add(to router: Router<ServerContext>) {
        router.get("healthz") { _, _ in try JSONBody.response(["status": "alive"]) }
        router.get("readyz") { _, _ in
            guard details else {
                do { return try JSONBody.response(["status": try await ready().status]) } catch {
                    throw APIProblem(.serviceUnavailable, "not ready")
                }
            }
            return try JSONBody.response(try await ready())
        }
        guard details else { return }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
        }
    }

    /// Ready when the store answers and the templates are still where the engines loaded them from
    /// (the engines hold the fonts and templates from start-up on). A relay refusing sessions is shown
    /// (`mailRelay`) without making the server unready: it still publishes, and the mails wait.
    private func ready() async throws -> ReadyBody {
        var problems: [String] = []
        do { try await store.ping() } catch { problems.append("store: \(error)") }
        if !FileManager.default.fileExists(atPath: templates.appendingPathComponent("theme.json").path) {
            problems.append("templates: \(templates.path)/theme.json is missing")
        }
        guard problems.isEmpty else { throw APIProblem(.serviceUnavailable, "not ready", problems: problems) }
        return ReadyBody(
            status: "ready", renderWorkers: pool.workers, mailRelay: relay.map { MailRelayBody(refused: $0.refusal) })
    }

    struct ReadyBody: Encodable {
        var status: String
        var renderWorkers: Int
        var mailRelay: MailRelayBody?
    }

    /// `{"status": "accepting"}`, or `"refusing"` with since, last, rounds and the relay's answer.
    struct MailRelayBody: Encodable {
        var status: String
        var refusal: RelayHealth.Refusal?
        init(refused: RelayHealth.Refusal?) {
            status = refused == nil ? "accepting" : "refusing"
            refusal = refused
        }
    }
}
