enum S3Benchmark {
    static func run(_ arguments: [String]) async throws {
        throw BenchmarkError("the s3 benchmark is not built yet")
    }
}
