import Foundation

/// A posted form's controls by name, from `application/x-www-form-urlencoded` or `multipart/form-data`
/// (the workbench's form, whose log records may come as a file). A file's content is its control's
/// value when the file is not empty; otherwise a text control of the same name keeps its value (the
/// log records' textarea and file field share the name `attack.logs`). Line ends are "\n": browsers
/// send a textarea's as CR LF, which Swift reads as one character.
enum FormBody {
    static func values(_ body: [UInt8], contentType: String?) -> [String: String] {
        if let boundary = boundary(contentType) { return multipart(body, boundary: boundary) }
        var values: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String {
                lines(text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "")
            }
            values[decoded(parts[0])] = parts.count > 1 ? decoded(parts[1]) : ""
        }
        return values
    }

    private static func lines(_ text: String) -> String { text.replacingOccurrences(of: "\r\n", with: "\n") }

    /// The boundary of a `multipart/form-data` body, or nil for any other type.
    private static func boundary(_ contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// RFC 7578: parts between "--boundary" lines, each with its headers, a blank line and its content.
    private static func multipart(_ body: [UInt8], boundary: String) -> [String: String] {
        let delimiter = Array("\r\n--\(boundary)".utf8)
        var values: [String: String] = [:], files: [String: String] = [:]
        // The first delimiter may start the body without the CR LF before it.
        var rest = ArraySlice(Array("\r\n".utf8) + body)
        while let start = rest.firstRange(of: delimiter) {
            rest = rest[start.upperBound...]
            guard !rest.starts(with: Array("--".utf8)), let end = rest.firstRange(of: delimiter) else { break }
            let part = rest[..<end.lowerBound]
            guard let blank = part.firstRange(of: Array("\r\n\r\n".utf8)) else { continue }
            let headers = String(decoding: part[..<blank.lowerBound], as: UTF8.self)
            let content = lines(String(decoding: part[blank.upperBound...], as: UTF8.self))
            guard
                let disposition = headers.split(separator: "\r\n").first(where: {
                    $0.lowercased().contains("content-disposition:")
                }),
                let name = parameter("name", in: disposition)
            else { continue }
            if parameter("filename", in: disposition) != nil {
                if !content.isEmpty { files[name] = content }
            } else {
                values[name] = content
            }
        }
        return values.merging(files) { _, file in file }
    }

    /// `name="value"` in a Content-Disposition header.
    private static func parameter(_ name: String, in header: Substring) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}
