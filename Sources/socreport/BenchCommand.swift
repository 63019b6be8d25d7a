import ArgumentParser
import Foundation
import SOCModel
import SOCRender

/// Times rendering in a warm process, as the peers' `--batch N` does: read, validate, lay out and write
/// the PDF in memory, `iterations` times per input; prints per-document times and the peak RSS.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Time warm rendering of incident and monthly documents.")

    @Argument(help: "Incident or monthly JSON documents (default: ../shared/bench/inputs/*.json).")
    var files: [String] = []

    @Option(help: "Renders per document after one warm-up render.")
    var iterations = 20

    @Flag(help: "Print one JSON line per document instead of a table.")
    var json = false

    func run() throws {
        let inputs = files.isEmpty ? defaultInputs() : files
        guard !inputs.isEmpty else { throw CLIError("no inputs: name documents to time") }
        let engine = try ReportEngine()
        if !json { print("document                     pages  median ms  mean ms   min ms  peak RSS MB") }
        for file in inputs {
            let data = try Input.read(file)
            var times: [Double] = []
            var pages = 0
            for i in 0...iterations {
                let start = DispatchTime.now().uptimeNanoseconds
                let report: RenderedReport
                switch try DocumentReader.read(data, source: file) {
                case .incident(let incident): report = try engine.renderIncident(incident)
                case .monthly(let bundle): report = try engine.renderMonthly(bundle)
                default: throw CLIError("\(file): only incident and monthly documents can be rendered")
                }
                let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                if i > 0 { times.append(ms) }   // the first render warms font caches
                pages = report.pages.count
            }
            times.sort()
            let median = times[times.count / 2], mean = times.reduce(0, +) / Double(times.count)
            let name = URL(fileURLWithPath: file).lastPathComponent
            if json {
                print(#"{"document":"\#(name)","pages":\#(pages),"median_ms":\#(median),"mean_ms":\#(mean),"min_ms":\#(times[0]),"peak_rss_mb":\#(peakRSSMegabytes())}"#)
            } else {
                print(String(format: "%-28@ %5d %10.1f %8.1f %8.1f %12.1f", name as NSString, pages, median, mean, times[0], peakRSSMegabytes()))
            }
        }
    }

    private func defaultInputs() -> [String] {
        let dir = "../shared/bench/inputs"
        return ["typical-incident.json", "large-incident.json", "monthly.json"]
            .map { "\(dir)/\($0)" }.filter { FileManager.default.fileExists(atPath: $0) }
    }
}

/// Peak resident set size of this process so far.
func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}
