// swift-tools-version:6.2
import CompilerPluginSupport
import PackageDescription

let package = Package(
    name: "Slope",
    platforms: [.macOS(.v26)],
    products: [
        .library(name: "Slope", targets: ["Slope"]),
        .executable(name: "slope", targets: ["SlopeCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        .package(url: "https://github.com/swiftlang/swift-syntax.git", from: "603.0.1"),
    ],
    targets: [
        // The C library's elementary functions declared pure, so repeated calls fold into one.
        .target(name: "CPureMath", linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        .target(name: "Rules", dependencies: ["CPureMath"]),
        // The compiler plugin behind `@ReverseGradient`: turns a function's body into its adjoint code.
        .macro(name: "AutoDiffMacros", dependencies: [
            .product(name: "SwiftSyntax", package: "swift-syntax"),
            .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
            .product(name: "SwiftOperators", package: "swift-syntax"),
            .product(name: "SwiftDiagnostics", package: "swift-syntax"),
            .product(name: "SwiftCompilerPlugin", package: "swift-syntax"),
        ]),
        .target(name: "AutoDiff", dependencies: ["Rules", "AutoDiffMacros"]),
        .target(name: "Symbolic", dependencies: ["Rules", "AutoDiff"]),
        .target(name: "CContraction"),
        // The calling thread's floating-point mode (flushing subnormals), read and set from C.
        .target(name: "CFloatingPointEnvironment"),
        .target(name: "Tensors", dependencies: ["Rules", "AutoDiff", "CContraction", "CFloatingPointEnvironment"]),
        .target(name: "Optimizers", dependencies: ["Rules", "AutoDiff"]),
        .target(name: "Learning", dependencies: ["Tensors", "Optimizers"]),
        .target(name: "Plots"),
        // Rows assembled from lane vectors by a byte table (AVX-512 permutes where available).
        .target(name: "CRowGather"),
        .target(name: "GradBench", dependencies: ["AutoDiff", "Tensors", "CRowGather"]),
        .target(name: "Slope", dependencies: [
            "Rules", "AutoDiff", "Symbolic", "Tensors", "Optimizers", "Learning", "Plots", "GradBench",
        ]),
        .target(name: "Tour", dependencies: ["Rules", "AutoDiff", "Symbolic", "Optimizers", "Learning", "Plots"]),
        .executableTarget(name: "SlopeCLI", dependencies: [
            "Slope", "Tour",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "RulesTests", dependencies: ["Rules"]),
        .testTarget(name: "AutoDiffTests", dependencies: [
            "AutoDiff", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "AutoDiffMacrosTests", dependencies: [
            "AutoDiffMacros",
            .product(name: "SwiftSyntaxMacrosGenericTestSupport", package: "swift-syntax"),
        ]),
        .testTarget(name: "SymbolicTests", dependencies: [
            "Symbolic", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "TensorsTests", dependencies: [
            "Tensors", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "OptimizersTests", dependencies: ["Optimizers"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning"]),
        .testTarget(name: "PlotsTests", dependencies: ["Plots"]),
        .testTarget(name: "GradBenchTests", dependencies: ["GradBench", "CRowGather"]),
        .testTarget(name: "TourTests", dependencies: ["Tour", "Plots", "Rules", "AutoDiff"]),
        .testTarget(name: "SlopeCLITests", dependencies: ["SlopeCLI"]),
        .testTarget(name: "SlopeTests", dependencies: ["Slope"]),
    ]
)
