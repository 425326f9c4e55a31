import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM and SIGINT cancel the agent's work instead of ending the process at once, so that cancellation
/// reaches the processor supervisor, which stops the processor's whole process group before the agent
/// exits (otherwise the processor would outlive its agent).
public enum TerminationSignals {
    public static func cancelling(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let task = Task { try await body() }
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            sources.append(source)
        }
        defer { sources.forEach { $0.cancel() } }
        do {
            try await task.value
        } catch is CancellationError {
            // Stopped by a signal: a clean exit.
        }
    }
}
