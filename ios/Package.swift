// swift-tools-version:6.0
// The Swift shell. The generated bindings (Generated/, build output of scripts/test-swift.sh or
// bindings/generate.sh) are two targets: KulcsRustFFI (C header + modulemap) and KulcsFFI
// (generated Swift). Kulcs is the idiomatic layer apps use.
import Foundation
import PackageDescription

let generated = "Generated"

#if os(Linux)
// Linux (tests): link the host-built libkulcs_ffi.so that test-swift.sh copies to Generated/lib.
let libDir = Context.packageDirectory + "/" + generated + "/lib"
let ffiTargets: [Target] = [
    .systemLibrary(name: "KulcsRustFFI", path: "\(generated)/KulcsRustFFI"),
    .target(
        name: "KulcsFFI",
        dependencies: ["KulcsRustFFI"],
        path: "\(generated)/KulcsFFI",
        linkerSettings: [
            .linkedLibrary("kulcs_ffi"),
            .unsafeFlags(["-L\(libDir)", "-Xlinker", "-rpath", "-Xlinker", libDir]),
        ]
    ),
]
#else
// Apple platforms: the XCFramework built as docs/mobile-build.md describes (not verified in CI).
let ffiTargets: [Target] = [
    .binaryTarget(name: "KulcsRustFFI", path: "\(generated)/KulcsRustFFI.xcframework"),
    .target(name: "KulcsFFI", dependencies: ["KulcsRustFFI"], path: "\(generated)/KulcsFFI"),
]
#endif

let package = Package(
    name: "Kulcs",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [.library(name: "Kulcs", targets: ["Kulcs"])],
    targets: ffiTargets + [
        .target(name: "Kulcs", dependencies: ["KulcsFFI"], path: "Sources/Kulcs"),
        .testTarget(name: "KulcsTests", dependencies: ["Kulcs"], path: "Tests/KulcsTests"),
    ]
)
