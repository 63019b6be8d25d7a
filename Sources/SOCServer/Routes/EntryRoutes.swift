import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SOCPortal
import SOCStore
import SOCWeb

/// Reading a tenant's portal entries: its manifest, and the files the manifest lists (nothing else).
extension APIRoutes {
    func entries(_ context: ServerContext) async throws -> Response {
        try context.require(.read)
        let folder = try await tenantFolder(context)
        let manifest = try folder.manifest()
        return try JSONBody.response(
            EntriesBody(
                tenant: folder.tenant.id, name: folder.tenant.name, updatedAt: manifest?.updatedAt,
                entries: (manifest?.documents ?? []).map { EntryBody(tenant: folder.tenant.id, $0) }))
    }

    /// Only a path the manifest lists is served, so no path a request makes up (`..`, a temporary
    /// file, the lock) can reach the disk; served as the portal serves it (`Download`: streamed,
    /// ranges, no symbolic link followed).
    func entryFile(_ request: Request, _ context: ServerContext) async throws -> Response {
        try context.require(.read)
        let folder = try await tenantFolder(context)
        let path = context.parameters.getCatchAll().joined(separator: "/")
        guard let entry = try folder.manifest()?.entry(at: path),
            let download = Download(entry: entry, in: folder, inline: true)
        else {
            throw APIProblem(.notFound, "tenant \(folder.tenant.id) has no entry \(path)")
        }
        var response = try await download.response(request, context: context)
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }

    /// The folder of a tenant the store knows; 404 otherwise.
    private func tenantFolder(_ context: ServerContext) async throws -> TenantFolder {
        let id = try context.parameters.require("tenant")
        try context.requireTenant(id)
        guard let tenant = try await store.tenant(id) else { throw APIProblem(.notFound, "unknown tenant \"\(id)\"") }
        return try portal.folder(for: tenant)
    }

    struct EntriesBody: Encodable {
        var tenant: String
        var name: String
        var updatedAt: String?
        var entries: [EntryBody]
    }
}
