// swift-tools-version:6.0
import PackageDescription

// Linux only (Debian 12 and like): the portal calls Glibc directly (flock, fsync, openat with
// O_NOFOLLOW), so no Apple platform is claimed.
let package = Package(
    name: "socreport",
    products: [
        .executable(name: "socreport", targets: ["socreport"]),
        .library(
            name: "SOCReport",
            targets: [
                "SOCModel", "SOCLayout", "SOCCharts", "SOCReports", "SOCRender", "SOCEngine", "SOCStore", "SOCPortal",
                "SOCPublishing", "SOCIndicators", "SOCMail", "SOCPages", "SOCWeb", "SOCTAXII", "SOCServer",
            ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
    ],
    targets: [
        // C libraries, found with pkg-config (Debian: libcairo2-dev, libpango1.0-dev, libfontconfig1-dev).
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPango", pkgConfig: "pangocairo pangoft2", providers: [.apt(["libpango1.0-dev"])]),
        .systemLibrary(name: "CFontconfig", pkgConfig: "fontconfig", providers: [.apt(["libfontconfig1-dev"])]),
        // zlib, for the page contents the structure update rewrites (Debian: zlib1g-dev).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // The contract: document types, JSON reading, schema and semantic validation. No C.
        .target(name: "SOCModel", resources: [.copy("Schemas")]),
        // Pure layout: blocks measured, split and placed on pages. No C.
        .target(name: "SOCLayout"),
        // Chart models, scales and ticks, emitted as layout items. No C.
        .target(name: "SOCCharts", dependencies: ["SOCLayout"]),
        // What Templates/ holds, read and typed: the words of each language, the theme, where the folder is,
        // times as the words write them. No C.
        .target(
            name: "SOCTemplates",
            dependencies: [
                "SOCModel", "SOCLayout",
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        // The incident and monthly documents as flows of blocks, worded by Templates/. No C.
        .target(
            name: "SOCReports", dependencies: ["SOCModel", "SOCLayout", "SOCCharts", "SOCTemplates", "SOCIndicators"]),
        // The Cairo/Pango/fontconfig backend: fonts, text measurement, laid-out pages drawn to PDF and PNG.
        .target(
            name: "SOCRender", dependencies: ["CCairo", "CPango", "CFontconfig", "CZlib", "SOCLayout", "SOCModel"]),
        // The façade that ties templates, layout and backend together: a record in, a PDF out.
        .target(name: "SOCEngine", dependencies: ["SOCModel", "SOCLayout", "SOCTemplates", "SOCReports", "SOCRender"]),
        // Machine-readable indicators (STIX 2.1, CSV, blocklists) of incidents and months, and indicators defanged
        // in prose. No C, no file I/O.
        .target(name: "SOCIndicators", dependencies: ["SOCModel", .product(name: "Crypto", package: "swift-crypto")]),
        // The store reports are assembled from: one set of rules over SQLite (GRDB) or PostgreSQL (PostgresKit).
        .target(
            name: "SOCStore",
            dependencies: [
                "SOCModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Atomic publishing into the per-tenant portal directory.
        .target(name: "SOCPortal", dependencies: ["SOCModel", .product(name: "Crypto", package: "swift-crypto")]),
        // Publishing as a library: incident publish, the monthly batch with its workers, the render pool
        // (a Service), a revision's notification queued, the outbox, notification times in the manifest.
        // The CLI and the server both call it.
        .target(
            name: "SOCPublishing",
            dependencies: [
                "SOCModel", "SOCTemplates", "SOCEngine", "SOCStore", "SOCPortal", "SOCIndicators", "SOCMail",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        // TAXII 2.1 over the store's index of published STIX objects: resources, filters and paging, envelopes,
        // media types. No Hummingbird: SOCServer mounts it.
        .target(name: "SOCTAXII", dependencies: ["SOCStore", "SOCIndicators"]),
        // Notification mail: the wording and MIME composition of notifications and escalations, the SMTP
        // submission client, the durable queue's delivery. Of the portal only its page addresses (PortalPaths);
        // no PDF documents.
        .target(
            name: "SOCMail",
            dependencies: [
                "SOCModel", "SOCStore", "SOCPortal", "SOCTemplates", "SOCIndicators",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The portal's HTML pages from Templates/web, worded by Templates/<lang>.json: the server's pages and
        // the static index.html written into each tenant folder. No Hummingbird, no store, no PDF documents.
        .target(
            name: "SOCPages",
            dependencies: [
                "SOCModel", "SOCLayout", "SOCTemplates", "SOCPortal",
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        // The customer portal on Hummingbird: sign-in, sessions, CSRF, throttling, report pages, downloads.
        .target(
            name: "SOCWeb",
            dependencies: [
                "SOCModel", "SOCStore", "SOCPortal", "SOCPages", "SOCTemplates",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]),
        // The HTTP service (`socreport serve`): the API over publishing, API keys, health and metrics, and the portal (SOCWeb).
        .target(
            name: "SOCServer",
            dependencies: [
                "SOCModel", "SOCTemplates", "SOCEngine", "SOCStore", "SOCPortal", "SOCPublishing", "SOCMail",
                "SOCPages", "SOCWeb", "SOCTAXII",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                // The escalation webhook's client: on NIO like the server, not URLSession, whose libcurl would load 27 more
                // shared libraries into every socreport process.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]),
        .executableTarget(
            name: "socreport",
            dependencies: [
                "SOCModel", "SOCTemplates", "SOCReports", "SOCRender", "SOCEngine", "SOCStore", "SOCPortal",
                "SOCPublishing", "SOCIndicators", "SOCMail", "SOCPages", "SOCWeb", "SOCServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        .testTarget(name: "SOCModelTests", dependencies: ["SOCModel"]),
        .testTarget(name: "SOCLayoutTests", dependencies: ["SOCLayout"]),
        .testTarget(name: "SOCChartsTests", dependencies: ["SOCCharts", "SOCLayout"]),
        .testTarget(
            name: "SOCRenderTests",
            dependencies: [
                "SOCRender", "SOCEngine", "SOCTemplates", "SOCReports", "SOCIndicators", "SOCModel", "SOCLayout",
                "SOCCharts", "CPango",
            ]),
        // GRDB reads the SQLite schema the schema parity test compares with PostgreSQL's.
        .testTarget(
            name: "SOCStoreTests",
            dependencies: [
                "SOCStore", "SOCModel", "PostgresTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "SOCPortalTests", dependencies: ["SOCPortal", "SOCModel", "SOCPages", "SOCTemplates"]),
        .testTarget(name: "SOCPublishingTests", dependencies: ["SOCPublishing", "SOCStore", "SOCPortal", "SOCModel"]),
        .testTarget(
            name: "SOCWebTests",
            dependencies: [
                "SOCWeb", "SOCPages", "SOCTemplates", "SOCStore", "SOCPortal", "SOCModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
        // Exported bundles, CSV and blocklists checked by the OASIS validator and the stix2 library (Python).
        .testTarget(
            name: "SOCIndicatorsTests", dependencies: ["SOCIndicators", "SOCModel"], exclude: ["check_indicators.py"]),
        .testTarget(name: "SOCTAXIITests", dependencies: ["SOCTAXII", "SOCStore", "SOCIndicators"]),
        // A real SMTP relay on loopback (aiosmtpd) for the mail tests.
        .target(
            name: "RelayTestSupport", path: "Tests/RelayTestSupport", exclude: ["smtp_sink.py", "webhook_sink.py"]),
        .testTarget(
            name: "SOCMailTests",
            dependencies: ["SOCMail", "SOCPublishing", "SOCStore", "SOCPortal", "SOCModel", "RelayTestSupport"]),
        .testTarget(
            name: "SOCServerTests",
            dependencies: [
                "SOCServer", "SOCWeb", "SOCPublishing", "SOCStore", "SOCPortal", "SOCModel", "SOCMail",
                "RelayTestSupport", "PostgresTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        // The kinds of store tests run on, and databases of the private PostgreSQL cluster
        // scripts/with-postgres.sh starts, reached with psql.
        .target(name: "PostgresTestSupport", path: "Tests/PostgresTestSupport"),
        .testTarget(name: "PostgresTestSupportTests", dependencies: ["PostgresTestSupport", "RelayTestSupport"]),
        // Runs the built `socreport` binary (`swift build` first) against real stores and portals.
        // PortalBrowserTests drives headless Chromium with Browser/portal_browser.py (Selenium).
        // TAXIITests runs the OASIS taxii2-client (taxii_customer.py) against the real server.
        .testTarget(
            name: "CLITests",
            dependencies: ["SOCModel", "SOCPortal", "SOCStore", "RelayTestSupport", "PostgresTestSupport"],
            exclude: ["Browser", "taxii_customer.py"]),
        // The package's own rules, read from the package: every module a target imports is declared.
        .testTarget(name: "PackageTests"),
        // The deployment manifests in deploy/k8s, checked with kubernetes-validate.
        .testTarget(name: "DeploymentTests", exclude: ["check_manifests.py"]),
    ]
)
