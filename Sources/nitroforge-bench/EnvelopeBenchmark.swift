enum EnvelopeBenchmark {
    static func run(_ arguments: [String]) async throws {
        throw BenchmarkError("the envelope benchmark is not built yet")
    }
}
