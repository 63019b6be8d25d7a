import SOCModel

/// `index.html`: the manifest as a page a person can open. Every value from a document is escaped.
enum ManifestPage {
    static let fileName = "index.html"

    static func html(_ manifest: Manifest, language: Language) -> String {
        let words = language == .ja ? japanese : english
        let incidents = manifest.documents.filter { $0.kind == .incident }.sorted { ($0.month, $0.id, $0.revision ?? 0) > ($1.month, $1.id, $1.revision ?? 0) }
        let monthly = manifest.documents.filter { $0.kind == .monthly }.sorted { $0.month > $1.month }

        func link(_ entry: ManifestEntry, _ text: String) -> String {
            "<a href=\"\(escape(entry.path))\">\(escape(text))</a>"
        }
        func cells(_ values: [String]) -> String {
            "<tr>" + values.map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        // A report's indicator files, linked by what follows its base name ("stix.json", "domains.txt"…).
        let indicatorFiles = Dictionary(grouping: manifest.documents.filter { $0.kind == .ioc && $0.report != nil }) { $0.report! }
        func footer(_ entry: ManifestEntry) -> [String] {
            let base = entry.path.dropLast(".pdf".count)
            let files = (indicatorFiles[entry.path] ?? []).map { link($0, String($0.path.dropFirst(base.count + 1))) }
            return [files.joined(separator: " "), escape(entry.publishedAt), escape(String(entry.size)), "<code>\(escape(entry.sha256))</code>"]
        }

        var page = """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <title>\(escape(manifest.tenant.name)) — \(words.title)</title>
        <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}code{font-size:.8em}</style>
        </head>
        <body>
        <h1>\(escape(manifest.tenant.name))</h1>
        <p>\(words.updated): \(escape(manifest.updatedAt))</p>

        """
        page += "<h2>\(words.monthly)</h2>\n<table>\n<tr><th>\(words.month)</th><th>\(words.document)</th><th>\(words.indicators)</th><th>\(words.published)</th><th>\(words.size)</th><th>SHA-256</th></tr>\n"
        for entry in monthly {
            page += cells([escape(entry.month.description), link(entry, entry.title)] + footer(entry)) + "\n"
        }
        page += "</table>\n<h2>\(words.incidents)</h2>\n<table>\n<tr><th>\(words.month)</th><th>ID</th><th>\(words.revision)</th><th>\(words.document)</th><th>\(words.severity)</th><th>\(words.indicators)</th><th>\(words.published)</th><th>\(words.size)</th><th>SHA-256</th></tr>\n"
        for entry in incidents {
            page += cells([escape(entry.month.description), escape(entry.id), escape(entry.revision.map(String.init) ?? ""),
                           link(entry, entry.title), escape(entry.severity?.rawValue ?? "")] + footer(entry)) + "\n"
        }
        page += "</table>\n</body>\n</html>\n"
        return page
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    private struct Words {
        var title, updated, monthly, incidents, month, document, revision, severity, indicators, published, size: String
    }

    private static let japanese = Words(
        title: "報告書一覧", updated: "更新", monthly: "月次報告書", incidents: "インシデント報告書", month: "月",
        document: "報告書", revision: "版", severity: "重大度", indicators: "指標（機械可読）", published: "掲載日時", size: "バイト数")
    private static let english = Words(
        title: "Reports", updated: "Updated", monthly: "Monthly reports", incidents: "Incident reports", month: "Month",
        document: "Report", revision: "Revision", severity: "Severity", indicators: "Indicators (machine-readable)", published: "Published", size: "Bytes")
}
