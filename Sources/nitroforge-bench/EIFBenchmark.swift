enum EIFBenchmark {
    static func run(_ arguments: [String]) async throws {
        throw BenchmarkError("the eif benchmark is not built yet")
    }
}
