// swift-tools-version:6.2
import PackageDescription

// Benchmarks live apart from the library so that users of Slope never build them.
let package = Package(
    name: "SlopeBenchmarks",
    platforms: [.macOS(.v26)],  // as the Slope package
    dependencies: [.package(name: "Slope", path: "..")],
    targets: [
        .executableTarget(
            name: "AutoDiffBenchmark",
            dependencies: [.product(name: "Slope", package: "Slope")],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
    ]
)
