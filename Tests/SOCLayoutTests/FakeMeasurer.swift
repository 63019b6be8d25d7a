import SOCLayout

/// Lays text out on a fixed grid: a scalar is half the font size wide (a CJK scalar the full size), a
/// line 1.2 × the size high, lines break at "\n" and wherever the next scalar would overflow.
final class FakeLayout: TextLayout {
    let lines: [LineBox]
    let texts: [String]
    init(lines: [LineBox], texts: [String]) { self.lines = lines; self.texts = texts }
}

final class FakeMeasurer: TextMeasurer {
    private(set) var calls = 0

    func layout(_ text: String, style: TextStyle, width: Double?) -> TextLayout {
        calls += 1
        let height = style.size * 1.2
        var lines: [LineBox] = [], texts: [String] = []
        var current = "", currentWidth = 0.0
        func flush() {
            lines.append(LineBox(top: Double(lines.count) * height, height: height, width: currentWidth))
            texts.append(current)
            current = ""; currentWidth = 0
        }
        for scalar in text.unicodeScalars {
            if scalar == "\n" { flush(); continue }
            let w = scalar.value >= 0x2E80 ? style.size : style.size / 2
            if let width, currentWidth + w > width, !current.isEmpty { flush() }
            current.unicodeScalars.append(scalar)
            currentWidth += w
        }
        flush()
        return FakeLayout(lines: lines, texts: texts)
    }
}

/// Every text item on a page with its absolute top-left position.
struct PlacedText { var text: String; var origin: Point }

func texts(_ items: [DrawItem], at o: Point = .zero) -> [PlacedText] {
    var out: [PlacedText] = []
    for item in items {
        switch item {
        case let .text(layout, lines, origin, _, _):
            guard let layout = layout as? FakeLayout else { continue }
            let top = layout.lines[lines.lowerBound].top
            for i in lines {
                out.append(
                    PlacedText(
                        text: layout.texts[i],
                        origin: Point(x: o.x + origin.x, y: o.y + origin.y + layout.lines[i].top - top)))
            }
        case let .group(origin, _, items):
            out += texts(items, at: Point(x: o.x + origin.x, y: o.y + origin.y))
        default:
            continue
        }
    }
    return out
}

func outlines(_ items: [DrawItem]) -> [String] {
    items.flatMap { item -> [String] in
        switch item {
        case .outline(let title, _): return [title]
        case .group(_, _, let items): return outlines(items)
        default: return []
        }
    }
}

let body = TextStyle(size: 10)
/// A small page: 200 × 300 pt with a 20 pt margin, so a body of 160 × 260.
let smallPage = PageSpec(size: Size(width: 200, height: 300), margins: EdgeInsets(all: 20))
let tableStyle = TableStyle(
    header: body.with { $0.bold = true }, body: body, headerFill: .white, stripeFill: nil,
    grid: Stroke(color: .black), padding: EdgeInsets(all: 2), continuation: TextStyle(size: 6))
