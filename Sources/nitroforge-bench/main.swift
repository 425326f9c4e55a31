import Foundation

/// `swift run -c release nitroforge-bench <name> [args]`: the benchmark commands the issues ask for.
/// Each benchmark prints its figures beside the reference it is judged against, as a ratio.
let benchmarks: [String: ([String]) async throws -> Void] = [
    "envelope": EnvelopeBenchmark.run,
    "eif": EIFBenchmark.run,
    "s3": S3Benchmark.run,
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let benchmark = benchmarks[name] else {
    FileHandle.standardError.write(Data("usage: nitroforge-bench \(benchmarks.keys.sorted().joined(separator: "|")) [options]\n".utf8))
    exit(64)
}
try await benchmark(Array(arguments.dropFirst()))
