import Foundation
import SOCModel

extension Store {
    /// How many earlier months a bundle's history holds at most.
    public static let historyMonths = 12

    /// Everything `tenantID`'s report for `month` is drawn from, as the contract's `MonthlyBundle`.
    ///
    /// Months are read on the tenant's wall clock: an incident belongs to the month holding its
    /// `determinedAt` in the tenant's time zone, and only the latest revision of each incident counts.
    /// The history runs over the up to 12 months before `month`, from the first month the store has
    /// anything for the tenant; a month without metrics has a zero funnel.
    public func monthlyBundle(tenantID: String, month: YearMonth) async throws -> MonthlyBundle {
        try await database.snapshot { [self] db in
            // The single values in one statement: each statement is a round trip to a database server.
            guard
                let facts = try db.row(
                    """
                    SELECT t.document AS tenant,
                           (SELECT MIN(month) FROM metrics WHERE tenantId = t.id) AS firstMetrics,
                           (SELECT MIN(determinedEpoch) FROM incident WHERE tenantId = t.id) AS firstIncident,
                           (SELECT document FROM notes WHERE tenantId = t.id AND month = ?) AS notes,
                           (SELECT document FROM news WHERE month = ?) AS news
                    FROM tenant t WHERE t.id = ?
                    """, [month.description, month.description, tenantID])
            else { throw StoreError.unknownTenant(tenantID) }
            let tenant = try decode(Tenant.self, try facts.get("tenant"), what: "tenant \(tenantID)")
            let notes = try facts.get("notes", as: String?.self).map {
                try decode(NotesDocument.self, $0, what: "notes of \(tenantID)")
            }
            let news = try facts.get("news", as: String?.self).map {
                try decode(NewsDocument.self, $0, what: "news of \(month)")
            }
            let zone = tenant.resolvedTimeZone
            // The first month with metrics or an incident for the tenant.
            let firstMonth =
                [
                    try facts.get("firstMetrics", as: String?.self).flatMap(YearMonth.init),
                    try facts.get("firstIncident", as: Double?.self).map {
                        YearMonth(containing: Date(timeIntervalSince1970: $0), in: zone)
                    },
                ].compactMap { $0 }.min() ?? month
            var historyStart = month
            for _ in 0..<Self.historyMonths where historyStart.previous >= firstMonth {
                historyStart = historyStart.previous
            }

            let incidents = try latestIncidents(
                tenantID, from: historyStart.interval(in: zone).start, to: month.interval(in: zone).end, db)
            let byMonth = Dictionary(grouping: incidents) { YearMonth(containing: $0.determinedAt.date, in: zone) }
            let funnels = try funnels(tenantID, from: historyStart, through: month, db)

            var history: [HistoryMonth] = []
            var earlier = historyStart
            while earlier < month {
                let summaries = byMonth[earlier] ?? []
                history.append(
                    HistoryMonth(
                        month: earlier, funnel: funnels[earlier] ?? .zero,
                        bySeverity: Dictionary(grouping: summaries, by: \.severity).mapValues(\.count),
                        byThreatType: Dictionary(grouping: summaries, by: \.threatType).mapValues(\.count)))
                earlier = earlier.next
            }
            return MonthlyBundle(
                tenant: tenant, month: month, funnel: funnels[month] ?? .zero, incidents: byMonth[month] ?? [],
                history: history, overview: notes?.overview, advice: notes?.advice, news: news?.items ?? [])
        }
    }

    /// The latest revision of every incident determined in [start, end), in time order.
    private func latestIncidents(_ tenantID: String, from start: Date, to end: Date, _ db: any SQLConnection) throws
        -> [IncidentSummary]
    {
        let rows = try db.rows(
            """
            SELECT id, revision, title, severity, threatType, stage, detectedAt, determinedAt, notifiedAt, tlp,
                   (SELECT MIN(sentAt) FROM mail WHERE mail.tenantId = i.tenantId AND mail.incidentId = i.id
                                                  AND mail.kind = 'notification' AND mail.state = 'sent') AS systemNotifiedAt,
                   (SELECT MIN(a.acknowledgedAt) FROM acknowledgement a WHERE a.tenantId = i.tenantId AND a.incidentId = i.id) AS acknowledgedAt,
                   (SELECT COUNT(*) FROM phoneCall c WHERE c.tenantId = i.tenantId AND c.incidentId = i.id) AS calls
            FROM incident i
            WHERE tenantId = ? AND determinedEpoch >= ? AND determinedEpoch < ?
              AND NOT EXISTS (SELECT 1 FROM incident later
                              WHERE later.tenantId = i.tenantId AND later.id = i.id AND later.revision > i.revision)
            ORDER BY determinedEpoch, id
            """, [tenantID, start.timeIntervalSince1970, end.timeIntervalSince1970])
        return try rows.map { row in
            let id: String = try row.get("id")
            func timestamp(_ column: String) throws -> Timestamp? {
                guard let text = try row.get(column, as: String?.self) else { return nil }
                guard let value = Timestamp(rfc3339: text) else {
                    throw StoreError.damaged("incident \(tenantID)/\(id) \(column) \"\(text)\"")
                }
                return value
            }
            guard let severity = Severity(rawValue: try row.get("severity")),
                let threatType = ThreatType(rawValue: try row.get("threatType")),
                let stage = KillChainStage(rawValue: try row.get("stage")),
                let determinedAt = try timestamp("determinedAt"),
                let tlp = TLP(rawValue: try row.get("tlp"))
            else { throw StoreError.damaged("incident \(tenantID)/\(id)") }
            // No calls leaves the field out, so a bundle without any reads as it did before.
            let calls: Int = try row.get("calls")
            return IncidentSummary(
                id: id, revision: try row.get("revision"), title: try row.get("title"), severity: severity,
                threatType: threatType, stage: stage,
                detectedAt: try timestamp("detectedAt"), determinedAt: determinedAt,
                notifiedAt: try timestamp("notifiedAt"),
                systemNotifiedAt: try timestamp("systemNotifiedAt"), acknowledgedAt: try timestamp("acknowledgedAt"),
                calls: calls == 0 ? nil : calls, tlp: tlp)
        }
    }

    private func funnels(_ tenantID: String, from first: YearMonth, through last: YearMonth, _ db: any SQLConnection)
        throws -> [YearMonth: Funnel]
    {
        let documents = try db.values(
            "SELECT document FROM metrics WHERE tenantId = ? AND month >= ? AND month <= ?",
            [tenantID, first.description, last.description], as: String.self)
        var funnels: [YearMonth: Funnel] = [:]
        for text in documents {
            let metrics = try decode(MetricsDocument.self, text, what: "metrics of \(tenantID)")
            funnels[metrics.month] = metrics.funnel
        }
        return funnels
    }
}

extension Funnel {
    /// A month the store has no metrics for.
    static let zero = Funnel(logsBySource: [:], events: 0, escalated: 0)
}
