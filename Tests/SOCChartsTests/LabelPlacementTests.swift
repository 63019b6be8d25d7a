import Foundation
import SOCCharts
import SOCLayout
import Testing

@Suite("LabelPlacement")
struct LabelPlacementTests {
    @Test("a turned box has its corners where the rotation puts them")
    func rotatedCorners() {
        let box = LabelBox(origin: Point(x: 10, y: 20), size: Size(width: 10, height: 4), rotation: -.pi / 2)
        let expected = [Point(x: 10, y: 20), Point(x: 10, y: 10), Point(x: 14, y: 10), Point(x: 14, y: 20)]
        for (corner, want) in zip(box.corners, expected) {
            #expect(approx(corner.x, want.x) && approx(corner.y, want.y))
        }
        let bounds = box.bounds
        #expect(approx(bounds.x, 10) && approx(bounds.y, 10) && approx(bounds.width, 4) && approx(bounds.height, 10))
    }

    @Test("parallel slanted labels are apart even when their upright bounds overlap")
    func slantedNeighbours() {
        let size = Size(width: 30, height: 8)
        let a = LabelBox(origin: Point(x: 0, y: 30), size: size, rotation: LabelPlacement.slant)
        let b = LabelBox(origin: Point(x: 14, y: 30), size: size, rotation: LabelPlacement.slant)
        #expect(a.bounds.intersects(b.bounds))
        #expect(!a.intersects(b))
        let c = LabelBox(origin: Point(x: 8, y: 30), size: size, rotation: LabelPlacement.slant)
        #expect(a.intersects(c))
    }

    @Test("boxes sharing an edge do not overlap; padding makes them")
    func touching() {
        let a = LabelBox(origin: .zero, size: Size(width: 10, height: 10))
        let b = LabelBox(origin: Point(x: 10, y: 0), size: Size(width: 10, height: 10))
        #expect(!a.intersects(b))
        #expect(LabelBox(origin: .zero, size: Size(width: 10, height: 10), padding: 1).intersects(b))
    }

    @Test(
        "axis labels: level when they fit, slanted when that shows more, thinned otherwise",
        arguments: [
            // widths, slot, maxDepth → rotation, step
            (40.0, 50.0, 100.0, 0.0, 1),
            (40, 20, 100, LabelPlacement.slant, 1),
            (40, 10, 100, LabelPlacement.slant, 2),
            (40, 20, 10, 0, 3), // a slant would be too deep: level, every third
            (40, 0, 100, 0, 13),
        ])
    func axisLabels(width: Double, slot: Double, maxDepth: Double, rotation: Double, step: Int) {
        let choice = LabelPlacement.axisLabels(
            widths: Array(repeating: width, count: 13), lineHeight: 9.6, slot: slot,
            gap: 3, maxDepth: maxDepth)
        #expect(choice == LabelPlacement.AxisLabels(rotation: rotation, step: step))
    }

    @Test("thinning counts back from the current month, which always shows")
    func thinningKeepsLast() {
        let labels = LabelPlacement.AxisLabels(rotation: 0, step: 3)
        #expect((0..<13).filter { labels.shows($0, of: 13) } == [0, 3, 6, 9, 12])
        #expect((0..<5).filter { labels.shows($0, of: 5) } == [1, 4])
    }

    @Test("label columns take the widest label, up to the limit")
    func columnWidth() {
        #expect(LabelPlacement.columnWidth(naturalWidths: [20, 60, 35], limit: 100) == 60)
        #expect(LabelPlacement.columnWidth(naturalWidths: [20, 160], limit: 100) == 100)
        #expect(LabelPlacement.columnWidth(naturalWidths: [], limit: 100) == 1)
    }

    @Test("thinning keeps the most important label and drops what overlaps it")
    func thin() {
        let boxes = [0.0, 8, 16, 24].map { LabelBox(origin: Point(x: $0, y: 0), size: Size(width: 10, height: 5)) }
        #expect(LabelPlacement.thin(boxes, order: [3, 2, 1, 0]) == [3, 1])
        #expect(LabelPlacement.thin(boxes, order: [0, 1, 2, 3]) == [0, 2])
        let obstacle = LabelBox(origin: Point(x: 0, y: 0), size: Size(width: 3, height: 3))
        #expect(LabelPlacement.thin(boxes, order: [0, 1, 2, 3], obstacles: [obstacle]) == [1, 3])
    }

    @Test("a candidate takes its first placement that is clear")
    func choose() {
        let size = Size(width: 10, height: 5)
        let above = LabelBox(origin: Point(x: 0, y: 0), size: size),
            below = LabelBox(origin: Point(x: 0, y: 20), size: size)
        let chosen = LabelPlacement.choose([[above, below], [above, below], [above, below]], order: [0, 1, 2])
        #expect(chosen == [0: 0, 1: 1])
    }

    @Test("origin(placing:) puts the given point of a turned text on the anchor")
    func originPlacing() {
        let point = Point(x: 30, y: 4), anchor = Point(x: 100, y: 50)
        let origin = LabelPlacement.origin(placing: point, at: anchor, rotation: LabelPlacement.slant)
        let (c, s) = (cos(LabelPlacement.slant), sin(LabelPlacement.slant))
        #expect(approx(origin.x + point.x * c - point.y * s, anchor.x))
        #expect(approx(origin.y + point.x * s + point.y * c, anchor.y))
    }
}
