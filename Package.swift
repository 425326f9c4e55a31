// swift-tools-version:6.1
import Foundation
import PackageDescription

// Every module of ARCHITECTURE.md's code layout. The enclave executable (a later issue) links
// only AWSCore, AWSKMS, Envelope, Attestation, JobProtocol and ConsumerEnclave.

let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let cryptoExtras: Target.Dependency = .product(name: "_CryptoExtras", package: "swift-crypto")
let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")

var targets: [Target] = [
    .target(name: "NitroForgeSpec", dependencies: [.product(name: "Yams", package: "Yams")]),
    .target(
        name: "NitroForgeGen",
        dependencies: ["NitroForgeSpec", .product(name: "Mustache", package: "swift-mustache"), crypto],
        resources: [.copy("templates")]
    ),
    .systemLibrary(name: "CNitroLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    .systemLibrary(name: "CNitroZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .target(name: "BulkDigest", dependencies: ["CNitroLibCrypto", "CNitroZlib", crypto]),
    .target(name: "AWSCore", dependencies: [
        .product(name: "AsyncHTTPClient", package: "async-http-client"), crypto, nioCore, logging,
        .product(name: "NIOHTTP1", package: "swift-nio"),
    ]),
    .target(name: "AWSKMS", dependencies: ["AWSCore"]),
    .target(name: "AWSS3", dependencies: ["AWSCore", "BulkDigest"]),
    .target(name: "AWSSQS", dependencies: ["AWSCore"]),
    .target(name: "Attestation", dependencies: [
        "AWSKMS", crypto, cryptoExtras, nioCore,
        .product(name: "SwiftASN1", package: "swift-asn1"),
        .product(name: "X509", package: "swift-certificates"),
    ]),
    .target(name: "PolicyEvaluator"),
    .target(name: "PolicyAudit", dependencies: ["PolicyEvaluator"]),
    .target(name: "Envelope", dependencies: ["AWSKMS", "CNitroLibCrypto", "BulkDigest", crypto, nioCore]),
    .target(name: "EIF", dependencies: [
        "NitroForgeSpec", "Attestation", "BulkDigest", crypto, nioCore,
        .product(name: "SwiftASN1", package: "swift-asn1"),
        .product(name: "X509", package: "swift-certificates"),
    ]),
    .target(name: "NitroDev", dependencies: [
        "Attestation", "AWSKMS", .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"), crypto, cryptoExtras, nioCore,
        .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "X509", package: "swift-certificates"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
    ]),
    .executableTarget(name: "nitroforge", dependencies: [
        "NitroForgeSpec", "NitroForgeGen", "EIF", "AWSCore", "AWSKMS", "AWSS3", "AWSSQS",
        "Envelope", "Attestation", "NitroDev",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ]),
    .executableTarget(name: "nitroforge-bench", dependencies: ["Envelope", "EIF", "AWSCore", "AWSKMS", "AWSS3"]),
    .testTarget(name: "NitroForgeSpecTests", dependencies: ["NitroForgeSpec"], resources: [.copy("Fixtures")]),
    .testTarget(name: "NitroForgeGenTests", dependencies: ["NitroForgeGen", "NitroForgeSpec"], resources: [.copy("Fixtures")]),
    .testTarget(name: "AWSClientTests", dependencies: [
        "AWSCore", "AWSKMS", "AWSS3", "AWSSQS", crypto, .product(name: "Hummingbird", package: "hummingbird"),
    ], resources: [.copy("Fixtures")]),
    .testTarget(name: "EnvelopeTests", dependencies: ["Envelope", "AWSKMS"], resources: [.copy("Fixtures")]),
    .testTarget(name: "AttestationTests", dependencies: [
        "Attestation", "NitroDev", "AWSCore", "AWSKMS", crypto, cryptoExtras, nioCore, .product(name: "X509", package: "swift-certificates"),
        .product(name: "Hummingbird", package: "hummingbird"), .product(name: "AsyncHTTPClient", package: "async-http-client"),
    ], resources: [.copy("Fixtures")]),
    .testTarget(name: "PolicyEvaluatorTests", dependencies: ["PolicyEvaluator", "PolicyAudit"], resources: [.copy("Fixtures")]),
    .testTarget(name: "EIFTests", dependencies: ["EIF", "BulkDigest", crypto], resources: [.copy("Fixtures")]),
    .testTarget(name: "NitroForgeCLITests", dependencies: ["nitroforge", crypto]),
]

// Developer convenience: NITROFORGE_ONLY=EIF,Envelope builds just those modules, their
// dependencies and their tests, so work on one module does not compile the whole graph.
if let only = ProcessInfo.processInfo.environment["NITROFORGE_ONLY"], !only.isEmpty {
    var wanted = Set(only.split(separator: ",").map(String.init))
    let byName = Dictionary(uniqueKeysWithValues: targets.map { ($0.name, $0) })
    for name in wanted where byName["\(name)Tests"] != nil { wanted.insert("\(name)Tests") }
    var queue = Array(wanted)
    while let name = queue.popLast() {
        for dep in byName[name]?.dependencies ?? [] {
            if case .byNameItem(let depName, _) = dep, byName[depName] != nil, !wanted.contains(depName) {
                wanted.insert(depName); queue.append(depName)
            }
        }
    }
    targets = targets.filter { wanted.contains($0.name) }
}

let package = Package(
    name: "nitroforge",
    platforms: [.macOS(.v14)],
    products: [.executable(name: "nitroforge", targets: ["nitroforge"])].filter { p in
        targets.contains { $0.name == "nitroforge" }
    },
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: targets
)
