// swift-tools-version:6.1
import PackageDescription

// The linear-regression benchmark lives apart from the library so that users of Slope never build it.
// Run it through compare.py, which also times NumPy and JAX on the same data in the same run.
let package = Package(
    name: "LearningBenchmark",
    dependencies: [.package(name: "Slope", path: "../..")],
    targets: [
        .executableTarget(name: "LearningBenchmark", dependencies: [.product(name: "Slope", package: "Slope")]),
    ]
)
