import Foundation

/// Rules the schemas cannot express, checked on decoded documents after the schema passed.
/// `root` is where the document sits in the input ("$", "$[3]", "line 4: $").
extension AnyDocument {
    func semanticProblems(root: JSONPath, into problems: inout ProblemList) {
        switch self {
        case .incident(let incident): incident.semanticProblems(root: root, into: &problems)
        case .monthly(let bundle): bundle.semanticProblems(root: root, into: &problems)
        case .tenants(let document):
            checkUnique(document.tenants.map(\.id), what: "tenant id", root: root, list: "tenants", into: &problems)
            for (i, tenant) in document.tenants.enumerated() {
                tenant.semanticProblems(path: root.appending(key: "tenants").appending(index: i), into: &problems)
            }
        case .metrics, .notes, .news:
            break // their months are checked by the schema's pattern and by decoding into `YearMonth`
        }
    }
}

extension Incident {
    func semanticProblems(root: JSONPath, into problems: inout ProblemList) {
        tenant.semanticProblems(path: root.appending(key: "tenant"), into: &problems)
        checkOrder(detectedAt, "detectedAt", before: determinedAt, "determinedAt", at: root, into: &problems)
        if let notifiedAt {
            checkOrder(determinedAt, "determinedAt", before: notifiedAt, "notifiedAt", at: root, into: &problems)
        }
        let analysisPath = root.appending(key: "analysis")
        if let lastSeenAt = analysis.lastSeenAt {
            checkOrder(
                analysis.occurredAt, "occurredAt", before: lastSeenAt, "lastSeenAt", at: analysisPath, into: &problems)
        }
        for (i, victim) in analysis.victims.enumerated() {
            let path = analysisPath.appending(key: "victims").appending(index: i).appending(key: "ip")
            checkAddress(victim.ip, at: path, into: &problems)
        }
        let blockIpsPath = root.appending(key: "recommendations").appending(key: "blockIps")
        for (i, entry) in recommendations.blockIps.enumerated() {
            if let problem = IPAddress.problemWithNetwork(entry) {
                problems.add(at: blockIpsPath.appending(index: i), problem)
            }
        }
        let logsPath = root.appending(key: "attack").appending(key: "logs")
        for (i, log) in attack.logs.enumerated() where log.srcIp != nil || log.dstIp != nil {
            checkAddress(log.srcIp, at: logsPath.appending(index: i).appending(key: "srcIp"), into: &problems)
            checkAddress(log.dstIp, at: logsPath.appending(index: i).appending(key: "dstIp"), into: &problems)
        }
    }
}

extension MonthlyBundle {
    func semanticProblems(root: JSONPath, into problems: inout ProblemList) {
        tenant.semanticProblems(path: root.appending(key: "tenant"), into: &problems)
        checkUnique(incidents.map(\.id), what: "incident id", root: root, list: "incidents", into: &problems)
        for (i, summary) in incidents.enumerated() {
            let path = root.appending(key: "incidents").appending(index: i)
            if let detectedAt = summary.detectedAt {
                checkOrder(
                    detectedAt, "detectedAt", before: summary.determinedAt, "determinedAt", at: path, into: &problems)
            }
            if let notifiedAt = summary.notifiedAt {
                checkOrder(
                    summary.determinedAt, "determinedAt", before: notifiedAt, "notifiedAt", at: path, into: &problems)
            }
        }
        // Trend charts read the history as consecutive earlier months, oldest first.
        var previous: YearMonth?
        for (i, entry) in history.enumerated() {
            let path = root.appending(key: "history").appending(index: i).appending(key: "month")
            if entry.month >= month {
                problems.add(at: path, .monthNotBefore(month: "\(entry.month)", report: "\(month)"))
            } else if let previous, entry.month == previous {
                problems.add(at: path, .monthTwice(month: "\(entry.month)"))
            } else if let previous, entry.month < previous {
                problems.add(at: path, .monthOrder(month: "\(entry.month)", previous: "\(previous)"))
            }
            previous = entry.month
        }
    }
}

extension Tenant {
    func semanticProblems(path: JSONPath, into problems: inout ProblemList) {
        if TimeZone(identifier: timeZone) == nil {
            problems.add(at: path.appending(key: "timeZone"), .timeZone(value: timeZone))
        }
    }
}

/// A later event must not come before an earlier one, e.g. an incident determined before it was detected.
private func checkOrder(
    _ earlier: Timestamp, _ earlierName: String, before later: Timestamp, _ laterName: String,
    at path: JSONPath, into problems: inout ProblemList
) {
    if later.date < earlier.date {
        problems.add(
            at: path.appending(key: laterName),
            .order(later: laterName, laterTime: "\(later)", earlier: earlierName, earlierTime: "\(earlier)"))
    }
}

private func checkAddress(_ address: String?, at path: JSONPath, into problems: inout ProblemList) {
    if let address, IPAddress.family(of: address) == nil {
        problems.add(at: path, .address(value: address))
    }
}

private func checkUnique(
    _ ids: [String], what: String, root: JSONPath, list: String, into problems: inout ProblemList
) {
    let listPath = root.appending(key: list)
    var firstIndex: [String: Int] = [:]
    for (i, id) in ids.enumerated() {
        if let first = firstIndex[id] {
            let firstPath = listPath.appending(index: first).rendered
            problems.add(
                at: listPath.appending(index: i).appending(key: "id"),
                .duplicate(what: what, id: id, firstAt: firstPath))
        } else {
            firstIndex[id] = i
        }
    }
}
