import Foundation
import SOCEngine
import SOCLayout
import SOCModel
import SOCRender

/// A sample monthly bundle as a mutable JSON object, for building variants that still go through validation.
func bundleObject(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: samples.appendingPathComponent("bundles/\(name).json"))
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
}

func monthly(from object: [String: Any]) throws -> MonthlyBundle {
    try DocumentReader.readMonthly(try JSONSerialization.data(withJSONObject: object), source: "test")
}

/// The problems `DocumentReader.readMonthly` finds in `data`; empty when it reads.
func monthlyProblems(_ data: Data) -> [Problem] {
    do {
        _ = try DocumentReader.readMonthly(data, source: "test.json")
        return []
    } catch {
        return error.problems
    }
}

func monthlyProblems(_ object: [String: Any]) throws -> [Problem] {
    monthlyProblems(try JSONSerialization.data(withJSONObject: object))
}

/// A rendered monthly report written to a temporary file, with its squashed text.
struct RenderedMonthly {
    let report: RenderedReport
    let path: String
    let text: String
    var pageCount: Int { report.pages.count }

    init(_ bundle: MonthlyBundle, language: Language? = nil, engine: ReportEngine? = nil) throws {
        report = try (engine ?? makeEngine()).renderMonthly(bundle, language: language)
        path = try temporaryPDF(report.pdf)
        text = try squashedText(path)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// "287,169,376": the report's own grouping, restated here.
func thousands(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (i, d) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(d)
    }
    return out
}

/// Records the string behind every layout it hands out, so drawn chart items can be read back.
final class RecordingMeasurer: TextMeasurer {
    let inner: TextMeasurer
    private(set) var strings: [ObjectIdentifier: String] = [:]
    init(_ inner: TextMeasurer) { self.inner = inner }

    func layout(_ text: String, style: TextStyle, width: Double?) -> TextLayout {
        let layout = inner.layout(text, style: style, width: width)
        strings[ObjectIdentifier(layout)] = text
        return layout
    }
}

/// Texts and shapes of drawn items in the coordinates of the outermost item list.
struct Flattened {
    struct Text {
        var string: String
        /// Corners of the (possibly turned) box of the drawn lines.
        var corners: [Point]
        var bounds: Rect {
            let xs = corners.map(\.x), ys = corners.map(\.y)
            return Rect(x: xs.min()!, y: ys.min()!, width: xs.max()! - xs.min()!, height: ys.max()! - ys.min()!)
        }
    }
    struct Shape {
        var bounds: Rect
        var fill: Color?
        var hatch: Hatch
    }

    var texts: [Text] = []
    var rects: [Shape] = []

    init(_ items: [DrawItem], strings: [ObjectIdentifier: String]) {
        add(items, at: .zero, strings: strings)
    }

    private mutating func add(_ items: [DrawItem], at o: Point, strings: [ObjectIdentifier: String]) {
        for item in items {
            switch item {
            case let .text(layout, lines, origin, _, rotation):
                guard !lines.isEmpty else { continue }
                let width = layout.lines[lines].map(\.width).max() ?? 0, height = layout.height(of: lines)
                let (c, s) = (cos(rotation), sin(rotation))
                let corners = [(0.0, 0.0), (width, 0), (width, height), (0, height)].map { x, y in
                    Point(x: o.x + origin.x + x * c - y * s, y: o.y + origin.y + x * s + y * c)
                }
                texts.append(Text(string: strings[ObjectIdentifier(layout)] ?? "?", corners: corners))
            case let .rect(r, fill, _, _, hatch):
                rects.append(
                    Shape(
                        bounds: Rect(x: o.x + r.x, y: o.y + r.y, width: r.width, height: r.height), fill: fill,
                        hatch: hatch))
            case let .group(origin, _, inner):
                add(inner, at: Point(x: o.x + origin.x, y: o.y + origin.y), strings: strings)
            case .path, .circle, .outline:
                break
            }
        }
    }

    /// Pairs of texts whose boxes overlap by more than `tolerance` points (separating-axis test, so slanted
    /// labels side by side are not mistaken for overlapping ones).
    func overlaps(tolerance: Double = 0.5) -> [(String, String)] {
        var found: [(String, String)] = []
        for i in texts.indices {
            for j in texts.indices
            where j > i && Self.intersect(texts[i].corners, texts[j].corners, tolerance: tolerance) {
                found.append((texts[i].string, texts[j].string))
            }
        }
        return found
    }

    static func intersect(_ a: [Point], _ b: [Point], tolerance: Double) -> Bool {
        for polygon in [a, b] {
            for k in polygon.indices {
                let p = polygon[k], q = polygon[(k + 1) % polygon.count]
                let axis = Point(x: -(q.y - p.y), y: q.x - p.x)
                let length = (axis.x * axis.x + axis.y * axis.y).squareRoot()
                guard length > 1e-9 else { continue }
                func project(_ ps: [Point]) -> (Double, Double) {
                    let values = ps.map { ($0.x * axis.x + $0.y * axis.y) / length }
                    return (values.min()!, values.max()!)
                }
                let (a0, a1) = project(a), (b0, b1) = project(b)
                if a1 - tolerance <= b0 || b1 - tolerance <= a0 { return false }
            }
        }
        return true
    }
}
