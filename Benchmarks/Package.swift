// swift-tools-version:6.1
import PackageDescription

// Benchmarks live apart from the library so that users of Slope never build them.
let package = Package(
    name: "SlopeBenchmarks",
    dependencies: [.package(name: "Slope", path: "..")],
    targets: [
        .executableTarget(
            name: "AutoDiffBenchmark",
            dependencies: [.product(name: "Slope", package: "Slope")],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
    ]
)
