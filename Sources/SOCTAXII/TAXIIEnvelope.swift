import Foundation
import SOCIndicators
import SOCStore

/// The bodies of the endpoints that page through a collection's objects, and their date headers.
public enum TAXIIPageBody {
    /// An envelope of the objects themselves, as stored: the objects are not decoded and encoded again.
    public static func envelope(_ page: TAXIIPage) -> [UInt8] {
        var body = Array("{\"more\":\(page.more)".utf8)
        if let next = next(page) { body += Array(",\"next\":\"\(next)\"".utf8) }
        if !page.entries.isEmpty {
            body += Array(",\"objects\":[".utf8)
            for (index, entry) in page.entries.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                body += Array(entry.json.utf8)
            }
            body.append(UInt8(ascii: "]"))
        }
        body.append(UInt8(ascii: "}"))
        return body
    }

    public struct Manifest: Encodable, Sendable {
        public struct Record: Encodable, Sendable {
            public var id: String
            public var dateAdded: String
            public var version: String
            public var mediaType = TAXIIMediaType.stix

            enum CodingKeys: String, CodingKey { case id, dateAdded = "date_added", version, mediaType = "media_type" }
        }

        public var more: Bool
        public var next: String?
        public var objects: [Record]?
    }

    public static func manifest(_ page: TAXIIPage) -> Manifest {
        Manifest(
            more: page.more, next: next(page),
            objects: page.entries.isEmpty
                ? nil
                : page.entries.map {
                    Manifest.Record(
                        id: $0.id, dateAdded: STIXTimestamp.text(microseconds: $0.addedMicros), version: $0.version)
                })
    }

    public struct Versions: Encodable, Sendable {
        public var more: Bool
        public var next: String?
        public var versions: [String]?
    }

    public static func versions(_ page: TAXIIPage) -> Versions {
        Versions(more: page.more, next: next(page), versions: page.entries.isEmpty ? nil : page.entries.map(\.version))
    }

    /// `X-TAXII-Date-Added-First` and `-Last`: the dates added of the page's first and last objects.
    public static func dateHeaders(_ page: TAXIIPage) -> (first: String, last: String)? {
        guard let first = page.entries.first, let last = page.entries.last else { return nil }
        return (STIXTimestamp.text(microseconds: first.addedMicros), STIXTimestamp.text(microseconds: last.addedMicros))
    }

    /// Where the next page starts: after the last date added of this one.
    static func next(_ page: TAXIIPage) -> String? {
        page.more ? page.entries.last.map { String($0.addedMicros) } : nil
    }
}

/// TAXII's error message resource.
public struct TAXIIErrorMessage: Encodable, Sendable {
    public var title: String
    public var description: String
    public var httpStatus: String
    public var details: [String: [String]]?

    public init(status: Int, title: String, description: String, problems: [String], requestID: String) {
        self.title = title
        self.description = description
        httpStatus = String(status)
        details = ["request_id": [requestID]].merging(problems.isEmpty ? [:] : ["problems": problems]) { a, _ in a }
    }

    enum CodingKeys: String, CodingKey { case title, description, httpStatus = "http_status", details }
}
