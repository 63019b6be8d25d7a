import Foundation
import HTTPTypes
import Hummingbird
import SOCPortal

/// A published file as a response, for the portal's downloads and the API's entries alike: only a
/// regular file its manifest lists, reached without a symbolic link, streamed from the portal folder, with its SHA-256 as the ETag,
/// `Last-Modified`, single byte ranges, a `Content-Disposition` carrying the report's title, and
/// `Cache-Control: private, no-cache` (a shared cache must never hand one tenant's file to another, and
/// the browser asks again, with its ETag, so a report is not shown from its cache after sign-out).
public struct Download: Sendable {
    let entry: ManifestEntry
    let file: URL
    /// Shown in the browser rather than saved.
    let inline: Bool

    /// The download of `entry`, found in `folder`'s manifest; nil when its file is not a regular file
    /// reached without a symbolic link (answer 404, as for an entry that is not there).
    public init?(entry: ManifestEntry, in folder: TenantFolder, inline: Bool) {
        guard let file = folder.servedFile(entry) else { return nil }
        self.entry = entry; self.file = file; self.inline = inline
    }

    public func response(_ request: Request, context: some RequestContext) async throws -> Response {
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        let size = (attributes[.size] as? Int) ?? entry.size
        let etag = "\"\(entry.sha256)\""
        var headers: HTTPFields = [
            .contentType: Self.contentType(entry), .eTag: etag, .acceptRanges: "bytes",
            .cacheControl: "private, no-cache",
            .contentDisposition: Self.contentDisposition(
                title: entry.title, suffix: entry.fileSuffix,
                fallback: (entry.path as NSString).lastPathComponent, inline: inline),
        ]
        if let modified = attributes[.modificationDate] as? Date { headers[.lastModified] = Self.httpDate(modified) }
        if let tags = request.headers[.ifNoneMatch],
            tags.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag || $0 == "*" })
        {
            return Response(status: .notModified, headers: headers)
        }
        let ifRangeHolds = request.headers[.ifRange].map { $0 == etag } ?? true
        switch Self.byteRange(ifRangeHolds ? request.headers[.range] : nil, size: size) {
        case .whole:
            headers[.contentLength] = String(size)
            let body =
                size == 0
                ? ResponseBody() : try await FileIO().loadFile(path: file.path, range: 0...(size - 1), context: context)
            return Response(status: .ok, headers: headers, body: body)
        case .part(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            headers[.contentLength] = String(range.count)
            return Response(
                status: .partialContent, headers: headers,
                body: try await FileIO().loadFile(path: file.path, range: range, context: context))
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(size)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        }
    }

    /// The media type of a published file: a report is a PDF; an indicator file is a STIX bundle (RFC-less
    /// but registered with IANA), RFC 4180 CSV or a plain-text blocklist, all UTF-8.
    static func contentType(_ entry: ManifestEntry) -> String {
        switch (entry.kind, entry.format) {
        case (.incident, _), (.monthly, _): "application/pdf"
        case (.ioc, "stix"): "application/stix+json;version=2.1"
        case (.ioc, "csv"): "text/csv; charset=utf-8"
        case (.ioc, "txt"): "text/plain; charset=utf-8"
        case (.ioc, _): "application/octet-stream"
        }
    }

    enum ByteRange: Equatable { case whole, part(ClosedRange<Int>), unsatisfiable }

    /// RFC 9110 `Range: bytes=a-b`, `a-` or `-n`; several ranges, or another unit, are answered whole.
    static func byteRange(_ header: String?, size: Int) -> ByteRange {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return .whole }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash], last = spec[spec.index(after: dash)...]
        if first.isEmpty {
            guard let suffix = Int(last), suffix >= 0 else { return .whole }
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .part(max(0, size - suffix)...(size - 1))
        }
        guard let start = Int(first), start >= 0 else { return .whole }
        var end = size - 1
        if !last.isEmpty {
            guard let requested = Int(last), requested >= start else { return .whole }
            end = min(requested, size - 1)
        }
        guard start < size else { return .unsatisfiable }
        return .part(start...end)
    }

    /// `attachment; filename="ASCII fallback"; filename*=UTF-8''<percent-encoded title><suffix>` (RFC 6266 and 5987),
    /// so a Japanese title survives the download; `suffix` is ".pdf", ".stix.json", ".iocs.csv"…
    static func contentDisposition(title: String, suffix: String, fallback: String, inline: Bool) -> String {
        let name = String(
            title.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && !"/\\\"".unicodeScalars.contains($0) }
                .map(Character.init)
        )
        .trimmingCharacters(in: .whitespaces)
        let full = (name.isEmpty ? String(fallback.dropLast(suffix.count)) : name) + suffix
        var attrChars = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        attrChars.insert(charactersIn: "!#$&+-.^_`|~")
        let encoded = full.addingPercentEncoding(withAllowedCharacters: attrChars) ?? fallback
        return "\(inline ? "inline" : "attachment"); filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
