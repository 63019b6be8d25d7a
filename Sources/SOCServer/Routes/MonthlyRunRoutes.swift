import Foundation
import Hummingbird
import SOCModel
import SOCStore

/// Monthly batches started as jobs, recorded in the store.
extension APIRoutes {
    /// `POST /monthly-runs` `{"month": "YYYY-MM", "tenants": [...]?}`: 202 with the job, whose URL
    /// reports its progress.
    func startMonthlyRun(_ request: Request, _ context: ServerContext) async throws -> Response {
        try context.require(.publish)
        let data = try await JSONBody.read(request, limit: maxBodyBytes)
        let (month, tenants) = try Self.monthlyRunRequest(data)
        let known = Set(try await store.tenantIDs())
        let unknown = tenants.enumerated().filter { !known.contains($0.element) }
        guard unknown.isEmpty else {
            throw APIProblem(
                .unprocessableContent, "unknown tenants; nothing was started",
                problems: unknown.map { "$.tenants[\($0.offset)]: unknown tenant \"\($0.element)\"" })
        }
        let run = try await monthlyRuns.start(month: month, tenants: tenants)
        context.logger.info(
            "monthly run started", metadata: ["run": "\(run.id)", "month": "\(month)", "tenants": "\(run.total)"])
        return try JSONBody.response(
            run, status: .accepted, headers: [.location: "\(Self.prefix)/monthly-runs/\(run.id)"])
    }

    /// `GET /monthly-runs`: every run, newest first.
    func monthlyRuns(_ context: ServerContext) async throws -> Response {
        try context.require(.publish)
        return try JSONBody.response(RunList(runs: try await monthlyRuns.runs()))
    }

    struct RunList: Encodable {
        var runs: [MonthlyRunRecord]
    }

    func monthlyRun(_ context: ServerContext) async throws -> Response {
        try context.require(.publish)
        let id = try context.parameters.require("id")
        guard let run = try await monthlyRuns.run(id) else { throw APIProblem(.notFound, "no monthly run \(id)") }
        return try JSONBody.response(run)
    }

    /// `DELETE /monthly-runs/{id}`: cancels a running run (the tenants being drawn finish); 409 when it
    /// has ended already.
    func cancelMonthlyRun(_ context: ServerContext) async throws -> Response {
        try context.require(.publish)
        let id = try context.parameters.require("id")
        guard let run = try await monthlyRuns.cancel(id) else { throw APIProblem(.notFound, "no monthly run \(id)") }
        guard run.state == .cancelled else {
            throw APIProblem(.conflict, "the monthly run has ended: \(run.state.rawValue)")
        }
        context.logger.info("monthly run cancelled", metadata: ["run": "\(id)"])
        return try JSONBody.response(run)
    }

    /// The request's month and tenants, or 400 listing what is wrong.
    static func monthlyRunRequest(_ data: Data) throws -> (YearMonth, [String]) {
        let object = try? JSONSerialization.jsonObject(with: data)
        guard let object = object as? [String: Any] else {
            throw APIProblem(
                .badRequest, "the body must be a JSON object",
                problems: ["$: expected {\"month\": \"YYYY-MM\", \"tenants\": [...]}"])
        }
        var problems: [String] = []
        let month = (object["month"] as? String).flatMap(YearMonth.init)
        if month == nil { problems.append("$.month: expected a month like \"2026-03\"") }
        var tenants: [String] = []
        switch object["tenants"] {
        case nil: break
        case let list as [Any]:
            for (index, value) in list.enumerated() {
                if let id = value as? String {
                    tenants.append(id)
                } else {
                    problems.append("$.tenants[\(index)]: expected a tenant id")
                }
            }
        default: problems.append("$.tenants: expected an array of tenant ids")
        }
        for key in object.keys where !["month", "tenants"].contains(key) { problems.append("$.\(key): unknown field") }
        guard let month, problems.isEmpty else {
            throw APIProblem(.badRequest, "the monthly run request is invalid", problems: problems)
        }
        return (month, tenants)
    }
}
