import ArgumentParser
import Foundation
import SOCEngine
import SOCModel
import SOCRender
import SOCReports

/// Times rendering in a warm process, as the peers' `--batch N` does: read, validate, lay out and write
/// the PDF in memory, `iterations` times per input; prints per-document times (in total and by phase)
/// and the peak RSS. Every render starts without the engine's cache of laid-out short texts, as for a
/// document sharing no text with the one before (the peers' runs likewise keep Typst from replaying
/// its memoised layout): fonts stay loaded, texts are laid out afresh.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Time warm rendering of incident and monthly documents.")

    @Argument(help: "Incident or monthly JSON documents (default: ../shared/bench/inputs/*.json).")
    var files: [String] = []

    @Option(help: "Renders per document after one warm-up render.")
    var iterations = 20

    @Flag(help: "Print one JSON line per document instead of a table.")
    var json = false

    @Flag(help: "Write PDFs without structure tags, to see what tagging costs.")
    var untagged = false

    @Flag(help: "Also time publishing each incident, and what exporting its indicator files adds to that.")
    var indicators = false

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
    }

    func run() throws {
        let inputs = files.isEmpty ? defaultInputs() : files
        guard !inputs.isEmpty else { throw CLIError("no inputs: name documents to time") }
        var startup = PhaseClock()
        let engine = try ReportEngine()
        startup.lap()
        engine.tagged = !untagged
        if !json { print(String(format: "engine start-up (templates, fonts): %.1f ms", startup.laps[0])) }
        if !json {
            print(
                "document                pages  median ms  mean ms   min ms  first ms  read ms layout ms  pdf ms  peak RSS MB"
            )
        }
        for file in inputs {
            let data = try Input.read(file)
            var times: [Double] = [], phases: [[Double]] = [], first = 0.0
            var pages = 0
            for i in 0...iterations {
                engine.forgetTexts()
                var clock = PhaseClock()
                let document: ReportDocument
                switch try DocumentReader.read(data, source: file) {
                case .incident(let incident): document = engine.incidentDocument(incident)
                case .monthly(let bundle): document = engine.monthlyDocument(bundle)
                default: throw CLIError("\(file): only incident and monthly documents can be rendered")
                }
                clock.lap()
                let laidOut = try engine.paginate(document)
                clock.lap()
                _ = try engine.write(laidOut, of: document)
                clock.lap()
                if i > 0 {
                    times.append(clock.laps.reduce(0, +))
                    phases.append(clock.laps)
                } else {
                    first = clock.laps.reduce(0, +) // loads glyphs and fonts: what a fresh process pays
                }
                pages = laidOut.count
            }
            let phaseMedians = (0..<3).map { p in phases.map { $0[p] }.sorted()[phases.count / 2] }
            times.sort()
            let median = times[times.count / 2], mean = times.reduce(0, +) / Double(times.count)
            let name = URL(fileURLWithPath: file).lastPathComponent
            if json {
                print(
                    #"{"document":"\#(name)","pages":\#(pages),"median_ms":\#(median),"mean_ms":\#(mean),"min_ms":\#(times[0]),"first_ms":\#(first),"read_ms":\#(phaseMedians[0]),"layout_ms":\#(phaseMedians[1]),"pdf_ms":\#(phaseMedians[2]),"peak_rss_mb":\#(peakRSSMegabytes())}"#
                )
            } else {
                let columns =
                    [String(pages)]
                    + ([median, mean, times[0], first] + phaseMedians + [peakRSSMegabytes()]).map {
                        String(format: "%.1f", $0)
                    }
                print(
                    name.padding(toLength: 24, withPad: " ", startingAt: 0)
                        + zip(columns, [5, 11, 9, 9, 10, 9, 10, 9, 13]).map {
                            String(repeating: " ", count: max(0, $1 - $0.count)) + $0
                        }.joined())
            }
            if indicators, case .incident(let incident) = try DocumentReader.read(data, source: file) {
                let figures = try BenchIndicators.measure(incident, engine: engine, iterations: iterations)
                print(
                    String(
                        format:
                            "%@: publish %.1f ms median, indicator export adds %.2f ms (%.2f %%), of which building the files %.2f ms",
                        name, figures.publishMilliseconds, figures.exportMilliseconds, figures.percent,
                        figures.computeMilliseconds))
            }
        }
    }

    private func defaultInputs() -> [String] {
        let dir = "../shared/bench/inputs"
        return ["typical-incident.json", "large-incident.json", "monthly.json"]
            .map { "\(dir)/\($0)" }.filter { FileManager.default.fileExists(atPath: $0) }
    }
}

/// Milliseconds between successive `lap()` calls.
struct PhaseClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private(set) var laps: [Double] = []
    mutating func lap() {
        let now = DispatchTime.now().uptimeNanoseconds
        laps.append(Double(now - last) / 1e6)
        last = now
    }
}

/// Peak resident set size of this process so far.
func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}
