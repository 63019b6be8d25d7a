import Foundation
import SOCIndicators
import SOCModel
import SOCStore

public enum MonthlyBundles {
    /// The tenant's bundle from the store, checked against the contract as any input would be: a bundle
    /// the store assembled wrong is an error here, not a report drawn from it.
    /// Returns the bundle with its canonical JSON, whose digest identifies what the report is drawn from.
    public static func assemble(_ store: Store, tenant: String, month: YearMonth) async throws -> (
        bundle: MonthlyBundle, json: Data
    ) {
        let bundle: MonthlyBundle
        do {
            bundle = try await store.monthlyBundle(tenantID: tenant, month: month)
        } catch let error as StoreError {
            throw PublishingError(error.description)
        }
        let json = try CanonicalJSON.encode(bundle)
        do {
            _ = try DocumentReader.readMonthly(json, source: "the bundle of \(tenant) for \(month)")
        } catch {
            throw PublishingError("the store assembled an invalid bundle:\n\(error.description)")
        }
        return (bundle, json)
    }
}

public enum MonthlyIndicators {
    /// The indicators of the month a bundle covers: those of the incident revisions it lists, read in
    /// full from the store (the bundle itself only summarises them).
    public static func list(_ store: Store, bundle: MonthlyBundle) async throws -> IndicatorList {
        var incidents: [Incident] = []
        for summary in bundle.incidents {
            guard
                let incident = try await store.incident(
                    tenantID: bundle.tenant.id, id: summary.id, revision: summary.revision)
            else {
                throw PublishingError(
                    "incident \(bundle.tenant.id)/\(summary.id) revision \(summary.revision) is not in the store")
            }
            incidents.append(incident)
        }
        return IndicatorList(tenant: bundle.tenant, month: bundle.month, incidents: incidents)
    }
}
