import Foundation

/// A draft rendered as it will be published: the PDF and a PNG of each page.
public struct DraftPreview: Sendable {
    public var pdf: [UInt8]
    public var pages: [[UInt8]]
    public init(pdf: [UInt8], pages: [[UInt8]]) { self.pdf = pdf; self.pages = pages }
}

/// The latest preview of each recently previewed draft, for the draft's page to show and its images and
/// PDF to be fetched; only the version it was rendered from is served. Kept in memory, a few at a time.
actor DraftPreviews {
    static let capacity = 32
    private var previews: [Int64: (version: Int, preview: DraftPreview)] = [:]
    private var order: [Int64] = []

    func put(_ preview: DraftPreview, draftID: Int64, version: Int) {
        previews[draftID] = (version, preview)
        order.removeAll { $0 == draftID }
        order.append(draftID)
        while order.count > Self.capacity { previews[order.removeFirst()] = nil }
    }

    func preview(draftID: Int64, version: Int) -> DraftPreview? {
        previews[draftID].flatMap { $0.version == version ? $0.preview : nil }
    }
}
