import Foundation
import SOCModel
import SOCStore

/// Storing contract documents as `socreport ingest` and `POST /api/v1/documents` take them.
public enum DocumentIngest {
    /// Reads every document of `data` (one, a JSON array, or one per line) and stores all or none.
    ///
    /// - Throws: `InvalidDocument` when a document is invalid, `IngestRejected` when valid documents
    ///   cannot be stored (an unknown tenant); either way nothing is stored.
    public static func ingest(_ data: Data, source: String, into store: Store) async throws -> [IngestChange] {
        // The positions are the reader's own: a second reading of the input could disagree with it.
        try await store.ingest(DocumentReader.readMany(data, source: source).map { ($0.position, $0.document) })
    }
}
