// swift-tools-version:6.1
import Foundation
import PackageDescription

// The modules, leaves first. The enclave side (NitroFormats, BulkDigest, AWSCore, AWSKMS, Envelope,
// Attestation, EnclaveKMS) links no server, YAML, template, argument-parser or X.509 chain code and none of
// the builder modules; scripts/check-module-graph.py, run by the test command, keeps it so.

let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let cryptoExtras: Target.Dependency = .product(name: "_CryptoExtras", package: "swift-crypto")
let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let asn1: Target.Dependency = .product(name: "SwiftASN1", package: "swift-asn1")
let x509: Target.Dependency = .product(name: "X509", package: "swift-certificates")
let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
let httpClient: Target.Dependency = .product(name: "AsyncHTTPClient", package: "async-http-client")

var targets: [Target] = [
    // Pure data formats shared by the image builder, attestation and the spec: CBOR, COSE_Sign1, hex,
    // the measurements file, JSON values, in-memory byte streams.
    .target(name: "NitroFormats", dependencies: [crypto, nioCore]),
    .target(name: "NitroForgeSpec", dependencies: ["NitroFormats", .product(name: "Yams", package: "Yams")]),
    .target(
        name: "NitroForgeGen",
        dependencies: ["NitroForgeSpec", "NitroFormats", "PolicyAudit", .product(name: "Mustache", package: "swift-mustache"), crypto],
        resources: [.copy("templates")]
    ),
    .systemLibrary(name: "CNitroLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    .systemLibrary(name: "CNitroZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .target(name: "BulkDigest", dependencies: ["CNitroLibCrypto", "CNitroZlib", "NitroFormats", crypto]),
    // The host bundle (issue 15): the runtimes and the output's instance files as a reproducible tar.gz with its manifest.
    .target(name: "HostBundle", dependencies: ["CNitroZlib", "NitroFormats", crypto]),
    .target(name: "AWSCore", dependencies: [
        "NitroFormats", httpClient, crypto, nioCore, logging, .product(name: "NIOHTTP1", package: "swift-nio"),
    ]),
    .target(name: "AWSKMS", dependencies: ["AWSCore"]),
    .target(name: "AWSS3", dependencies: ["AWSCore", "BulkDigest", "NitroFormats"]),
    .target(name: "AWSSQS", dependencies: ["AWSCore", "NitroFormats"]),
    // CloudWatch Logs and the JSON-lines log handler that ships to it: the producer's and host agent's logs.
    .target(name: "AWSLogs", dependencies: [
        "AWSCore", "NitroFormats", logging, nioCore, .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
    ]),
    // The SQS job message and job ids, shared by the producer and both sides of the host/enclave boundary.
    .target(name: "JobProtocol", dependencies: ["NitroFormats", nioCore, .product(name: "NIOPosix", package: "swift-nio")]),
    // What the enclave needs of attestation: the NSM client, documents, CMS, the per-boot RSA key.
    .target(name: "Attestation", dependencies: ["NitroFormats", crypto, cryptoExtras, asn1]),
    // Chain verification against the AWS Nitro root: the CLI and the development KMS, never the enclave.
    .target(name: "AttestationVerification", dependencies: ["Attestation", "NitroFormats", crypto, asn1, x509]),
    .target(name: "Envelope", dependencies: ["AWSKMS", "NitroFormats", "CNitroLibCrypto", "BulkDigest", crypto, nioCore]),
    // The enclave's KMS keyring client: Decrypt and GenerateDataKey with Recipient.
    .target(name: "EnclaveKMS", dependencies: ["AWSKMS", "Attestation", "Envelope", cryptoExtras]),
    .target(name: "EIF", dependencies: ["NitroFormats", "BulkDigest", crypto, nioCore, asn1, x509]),
    // AWS policy evaluation for the subset the generated policies use: no server or network code.
    .target(name: "PolicyEvaluator"),
    // Every equivalence class of requests per key policy, and the design's invariants over them.
    .target(name: "PolicyAudit", dependencies: ["PolicyEvaluator"]),
    .target(name: "NitroDev", dependencies: [
        "Attestation", "AttestationVerification", "NitroFormats", "AWSCore", "AWSKMS", "PolicyEvaluator", hummingbird, httpClient, crypto, cryptoExtras,
        nioCore, .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio"), x509, asn1,
    ]),
    // The producer runtime: configuration, authentication, the HTTP API that encrypts jobs into S3 and queues them.
    .target(name: "Producer", dependencies: [
        "NitroForgeSpec", "NitroFormats", "JobProtocol", "Envelope", "AWSCore", "AWSKMS", "AWSS3", "AWSSQS", "AWSLogs",
        hummingbird, .product(name: "HummingbirdCore", package: "hummingbird"),
        crypto, logging, nioCore, httpClient, .product(name: "JWTKit", package: "jwt-kit"),
        .product(name: "Metrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"), x509, asn1,
    ]),
    .executableTarget(name: "nitroforge-producer", dependencies: [
        "Producer", "AWSCore", "AWSLogs", "NitroForgeSpec", logging, .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ]),
    // The enclave's runtime: job sessions, processors, the KMS forwarder. Links only what ARCHITECTURE.md allows.
    .target(name: "ConsumerEnclave", dependencies: [
        "AWSCore", "AWSKMS", "Envelope", "Attestation", "EnclaveKMS", "JobProtocol", "NitroFormats", httpClient, logging, nioCore,
        .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Subprocess", package: "swift-subprocess"),
    ]),
    // The host agent on the untrusted parent: SQS and S3 on one side, the enclave's jobs and logs ports on the other.
    .target(name: "ConsumerHost", dependencies: [
        "NitroForgeSpec", "NitroFormats", "JobProtocol", "AWSCore", "AWSS3", "AWSSQS", "AWSLogs", logging, nioCore, httpClient,
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"), .product(name: "Yams", package: "Yams"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
    ]),
    .executableTarget(name: "nitroforge-host", dependencies: [
        "ConsumerHost", "AWSCore", "AWSLogs", logging, .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
    ]),
    // The enclave image's entrypoint. No argument parser, no development code: see ARCHITECTURE.md.
    .executableTarget(name: "nitroforge-enclave", dependencies: [
        "ConsumerEnclave", "AWSCore", "Attestation", "JobProtocol", logging,
    ]),
    // The same agent outside an enclave, with the NSM emulator; never part of an image.
    .executableTarget(name: "nitroforge-enclave-dev", dependencies: [
        "ConsumerEnclave", "NitroDev", "AWSCore", "JobProtocol", "NitroFormats", httpClient, logging,
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ]),
    .executableTarget(name: "nitroforge", dependencies: [
        "NitroFormats", "NitroForgeSpec", "NitroForgeGen", "PolicyAudit", "PolicyEvaluator", "EIF", "HostBundle", "AWSCore", "AWSLogs", "AWSKMS", "AWSS3", "AWSSQS",
        "Envelope", "Attestation", "AttestationVerification", "NitroDev", "JobProtocol",
        .product(name: "ArgumentParser", package: "swift-argument-parser"), httpClient, nioCore,
        .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
    ]),
    .executableTarget(name: "nitroforge-bench", dependencies: ["Envelope", "EIF", "AWSCore", "AWSKMS", "AWSS3", "NitroFormats", "NitroDev"]),
    // The example processors (issue 14): logistic-regression scoring and training over CSV, as an `exec` and an `http` processor.
    .target(name: "ExampleProcessors"),
    .executableTarget(name: "nitroforge-example", dependencies: [
        "ExampleProcessors", .product(name: "ArgumentParser", package: "swift-argument-parser"), hummingbird,
    ]),
    .testTarget(name: "NitroForgeSpecTests", dependencies: ["NitroForgeSpec", "NitroFormats"], resources: [.copy("Fixtures")]),
    .testTarget(name: "NitroForgeGenTests", dependencies: [
        "NitroForgeGen", "NitroForgeSpec", "NitroFormats", "NitroDev", "NitroTestSupport", "nitroforge",
    ], resources: [.copy("Fixtures")]),
    .testTarget(name: "AWSClientTests", dependencies: [
        "NitroTestSupport", "AWSCore", "AWSKMS", "AWSS3", "AWSSQS", "NitroFormats", crypto, hummingbird,
    ], resources: [.copy("Fixtures")]),
    .testTarget(name: "EnvelopeTests", dependencies: ["Envelope", "AWSKMS", "NitroFormats"], resources: [.copy("Fixtures")]),
    .testTarget(name: "AttestationTests", dependencies: [
        "Attestation", "AttestationVerification", "NitroFormats", "NitroDev", "AWSCore", "AWSKMS", crypto, cryptoExtras, nioCore,
        x509, hummingbird, httpClient,
    ], resources: [.copy("Fixtures")]),
    .testTarget(name: "EnclaveKMSTests", dependencies: [
        "EnclaveKMS", "Attestation", "AttestationVerification", "NitroDev", "Envelope", "AWSCore", "AWSKMS", nioCore, hummingbird,
    ]),
    // Test support shared by test targets: a moto_server of a test's own, loopback ports.
    .target(name: "NitroTestSupport", dependencies: ["NitroDev", hummingbird, logging, nioCore], path: "Tests/NitroTestSupport"),
    .testTarget(name: "DevelopmentKMSTests", dependencies: [
        "NitroTestSupport", "NitroDev", "NitroForgeGen", "NitroForgeSpec", "NitroFormats", "PolicyAudit", "PolicyEvaluator", "Attestation", "AttestationVerification", "AWSCore", "AWSKMS",
        "ConsumerEnclave", "Envelope", "JobProtocol", hummingbird, logging, nioCore,
    ]),
    .testTarget(name: "PolicyEvaluatorTests", dependencies: ["PolicyEvaluator", "PolicyAudit"], resources: [.copy("Fixtures")]),
    .testTarget(name: "EIFTests", dependencies: ["EIF", "BulkDigest", "NitroFormats", crypto], resources: [.copy("Fixtures")]),
    .testTarget(name: "NitroForgeCLITests", dependencies: [
        "nitroforge", "NitroTestSupport", crypto, "nitroforge-producer", "nitroforge-host", "nitroforge-enclave",
    ]),
    .testTarget(name: "JobProtocolTests", dependencies: ["JobProtocol", "NitroFormats"]),
    .testTarget(name: "ExampleProcessorTests", dependencies: ["ExampleProcessors", "nitroforge-example", httpClient, nioCore]),
    // The whole pipeline as real processes, started by `nitroforge dev up`.
    .testTarget(name: "PipelineTests", dependencies: ["NitroTestSupport", "JobProtocol", httpClient, nioCore, crypto, "nitroforge", "nitroforge-producer", "nitroforge-host", "nitroforge-enclave-dev", "nitroforge-example"]),
    .testTarget(name: "AWSLogsTests", dependencies: ["AWSLogs", "AWSCore", logging]),
    .testTarget(name: "ConsumerHostTests", dependencies: [
        "ConsumerHost", "nitroforge-host", "NitroTestSupport", "JobProtocol", "AWSCore", "AWSS3", "AWSSQS", "AWSLogs", logging, nioCore,
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
    ]),
    .testTarget(name: "ProducerTests", dependencies: [
        "Producer", "NitroForgeSpec", "NitroTestSupport", "NitroDev", "JobProtocol", "AWSCore", "AWSKMS", "AWSS3", "AWSSQS", httpClient, nioCore,
        .product(name: "NIOHTTP1", package: "swift-nio"), crypto, cryptoExtras, hummingbird, logging,
    ], resources: [.copy("Fixtures")]),
]

// Fuzzing (issue 17): with NITROFORGE_FUZZ set (by scripts/fuzz.sh, with the sanitizer flags), one libFuzzer
// target per parser the untrusted host or a download controls, and only they and their dependencies are
// built. Each Fuzz/<Name>/main.swift defines LLVMFuzzerTestOneInput and starts libFuzzer's driver with it.
let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
    ("ESDKMessage", ["Envelope", "NitroFormats", nioCore]), ("ESDKHeader", ["Envelope", nioCore]),
    ("CBOR", ["NitroFormats"]), ("COSESign1", ["NitroFormats"]), ("AttestationDocument", ["Attestation"]),
    ("CMS", ["Attestation"]), ("EIF", ["EIF"]), ("Tar", ["EIF"]), ("Spec", ["NitroForgeSpec"]),
    ("JobFrame", ["JobProtocol", nioCore]), ("JobMessage", ["JobProtocol"]),
]
var only = ProcessInfo.processInfo.environment["NITROFORGE_ONLY"] ?? ""
if ProcessInfo.processInfo.environment["NITROFORGE_FUZZ"] != nil {
    targets.append(.target(name: "CFuzzDriver", path: "Fuzz/CFuzzDriver"))
    targets.append(.target(name: "FuzzSupport", dependencies: ["CFuzzDriver"], path: "Fuzz/FuzzSupport"))
    for (name, dependencies) in fuzzTargets {
        targets.append(.executableTarget(name: "Fuzz\(name)", dependencies: ["FuzzSupport"] + dependencies, path: "Fuzz/\(name)"))
    }
    only = fuzzTargets.map { "Fuzz\($0.name)" }.joined(separator: ",")
}

// Developer convenience: NITROFORGE_ONLY=EIF,Envelope builds just those modules, their
// dependencies and their tests, so work on one module does not compile the whole graph.
if !only.isEmpty {
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
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
    ],
    targets: targets
)
