// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets over the main package, kept apart so that `swift build` and `swift test` never
// build them. Build and run with `scripts/fuzz.sh TARGET SECONDS` (it adds -sanitize=fuzzer,address).
// gold fails with an internal error on these AddressSanitizer binaries; lld links them.
let lld: [LinkerSetting] = [.unsafeFlags(["-use-ld=lld"])]

let package = Package(
    name: "socreport-fuzz",
    dependencies: [.package(name: "socreport", path: "..")],
    targets: [
        .target(name: "CFuzzer"),
        .target(name: "FuzzDriver", dependencies: ["CFuzzer"]),
        // The JSON parser alone: any bytes, valid UTF-8 or not.
        .executableTarget(
            name: "FuzzJSON", dependencies: ["FuzzDriver", .product(name: "SOCReport", package: "socreport")],
            linkerSettings: lld),
        // Reading, schema validation, semantic checks and decoding of any document, one or many.
        .executableTarget(
            name: "FuzzDocument", dependencies: ["FuzzDriver", .product(name: "SOCReport", package: "socreport")],
            linkerSettings: lld),
        // The prose defanger and the kinsoku scan over free text and listed indicators.
        .executableTarget(
            name: "FuzzProse", dependencies: ["FuzzDriver", .product(name: "SOCReport", package: "socreport")],
            linkerSettings: lld),
        // Paragraphs and tables of any text laid out through the real Pango measurer.
        .executableTarget(
            name: "FuzzLayout", dependencies: ["FuzzDriver", .product(name: "SOCReport", package: "socreport")],
            linkerSettings: lld),
    ]
)
