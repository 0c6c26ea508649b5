// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "cohort",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cohort", targets: ["cohort"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Thin C boundary: module map + shim header only.
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
        // The only module that imports CGSL.
        .target(name: "Sampling", dependencies: ["CGSL"], exclude: ["README.md"]),
        // Pure engine: no I/O, no randomness.
        .target(name: "Demography"),
        .target(name: "Demand", dependencies: ["Demography"], exclude: ["README.md"]),
        .target(name: "Scenarios", dependencies: ["Demography", "Demand", "Sampling", "TOMLKit"]),
        .target(name: "Reports", dependencies: ["Demography", "Demand", "Scenarios", "ZIPFoundation"]),
        .executableTarget(name: "cohort", dependencies: [
            "Scenarios", "Demand", "Reports", "Sampling",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "SamplingTests", dependencies: ["Sampling"]),
        .testTarget(name: "DemographyTests", dependencies: ["Demography"]),
        .testTarget(name: "DemandTests", dependencies: ["Demand", "Sampling"]),
        .testTarget(name: "ScenariosTests", dependencies: ["Scenarios", "Demand", "Reports"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports"]),
        .testTarget(name: "CLITests", dependencies: []),
    ]
)
