/// One machine-readable file of an export, named by the suffix it takes after the report's base name
/// ("INC-1-r2" + ".stix.json", "2026-03" + ".domains.txt").
public struct IndicatorFile: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        case stix, csv, txt
    }

    public var format: Format
    public var suffix: String
    public var bytes: [UInt8]

    public static let stixSuffix = ".stix.json"
}

extension IndicatorList {
    /// Every file of the export: the STIX bundle, the CSV and the three blocklists.
    public func files() throws -> [IndicatorFile] {
        [
            IndicatorFile(format: .stix, suffix: IndicatorFile.stixSuffix, bytes: try stix()),
            IndicatorFile(format: .csv, suffix: ".iocs.csv", bytes: csv()),
        ]
            + Blocklist.allCases.map { IndicatorFile(format: .txt, suffix: ".\($0.fileName)", bytes: blocklist($0)) }
    }
}
