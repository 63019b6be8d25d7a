import Foundation
import SOCEngine
import SOCLayout
import SOCRender
import SOCReports

/// One engine for the whole run: fonts load once, as in the batch.
nonisolated(unsafe) let engine: ReportEngine = {
    let root =
        ProcessInfo.processInfo.environment["SOCREPORT_HOME"].map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized
    return try! ReportEngine(home: .init(root: root))
}()

/// The first byte chooses the language and the number of table columns; the rest, split at NUL
/// bytes, is a paragraph then the cells of a table whose column weights come from the cells' lengths.
/// The document is paginated on A4 through the real Pango measurer. A block too large for a page is
/// an expected `LayoutError`; a crash, a hang or an endless page run is a finding.
func fuzzLayout(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    guard count > 0 else { return 0 }
    let control = start[0]
    let parts = String(decoding: UnsafeBufferPointer(start: start + 1, count: count - 1), as: UTF8.self)
        .split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
    let styles = engine.styles
    let columnCount = Int(control & 0x07) + 1
    let cells = Array(parts.dropFirst().prefix(64))
    let columns = (0..<columnCount).map { i in
        TableColumn("c\(i)", weight: Double(1 + (cells.indices.contains(i) ? cells[i].utf8.count % 7 : 0)))
    }
    let rows = stride(from: 0, to: cells.count, by: columnCount).map { first in
        (0..<columnCount).map { TableCell(first + $0 < cells.count ? cells[first + $0] : "") }
    }
    let blocks: [any Block] =
        Paragraph.paragraphs(parts[0], style: control & 0x08 == 0 ? styles.body : styles.mono)
        + [
            DataTable(
                title: "fuzz", columns: columns, rows: rows, style: control & 0x10 == 0 ? styles.table : styles.log,
                continuationMark: "(cont.)")
        ]
    let measurer = engine.measurer(for: control & 0x20 == 0 ? .ja : .en)
    measurer.forgetTexts()
    measurer.beginDocument()
    let spec = PageSpec(size: .a4, margins: EdgeInsets(top: 50, right: 50, bottom: 50, left: 50))
    do {
        _ = try Paginator.paginate(blocks, spec: spec, measurer: measurer, pageLimit: 200)
    } catch is LayoutError {
    } catch {
        preconditionFailure("unexpected error \(error)")
    }
    return 0
}
