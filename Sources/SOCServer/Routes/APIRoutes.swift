import Hummingbird
import SOCMail
import SOCPortal
import SOCPublishing
import SOCStore

/// `/api/v1`: every route behind an API key, each requiring its scope.
struct APIRoutes {
    let store: Store
    let portal: Portal
    let pool: RenderPool
    let monthlyRuns: MonthlyRuns
    let metrics: ServerMetrics
    /// When set, publishing a revision queues its notification mails.
    let notifications: NotificationSettings?
    let maxBodyBytes: Int

    var publisher: PoolPublisher {
        PoolPublisher(store: store, portal: portal, pool: pool, notifications: notifications, metrics: metrics)
    }

    /// Where the API is mounted, for the URLs it answers with.
    static let prefix = "/api/v1"

    func add(to router: Router<ServerContext>) {
        let api = router.group("api/v1").add(middleware: APIKeyAuthenticator(store: store))
        api.post("documents") { request, context in try await ingest(request, context) }
        api.post("incidents") { request, context in try await publishIncident(request, context) }
        api.post("drafts") { request, context in try await createDraft(request, context) }
        api.get("tenants/:tenant/entries") { _, context in try await entries(context) }
        api.get("tenants/:tenant/entries/**") { request, context in try await entryFile(request, context) }
        api.post("monthly-runs") { request, context in try await startMonthlyRun(request, context) }
        api.get("monthly-runs") { _, context in try await monthlyRuns(context) }
        api.get("monthly-runs/:id") { _, context in try await monthlyRun(context) }
        api.delete("monthly-runs/:id") { _, context in try await cancelMonthlyRun(context) }
        // Any other path under the API: a problem, not the portal's page for a missing one.
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            api.on("**", method: method) { request, _ -> Response in
                throw APIProblem(.notFound, "no API route \(request.method) \(request.uri.path)")
            }
        }
    }
}
