import NIOCore
import Subprocess

/// The `exec` processor: runs argv per job with the plaintext on stdin and takes stdout as the result.
/// No shell, a minimal environment (`PATH`, `NITROFORGE_JOB`, and `NITROFORGE_MODEL` when a model arrived),
/// the job's time limit (the agent cancels the task) and an output limit.
public struct ExecProcessor: Processor {
    public let argv: [String]
    public let user: ProcessUser?

    public init(argv: [String], user: ProcessUser?) {
        precondition(!argv.isEmpty, "argv names the program")
        self.argv = argv
        self.user = user
    }

    public func process<Input: AsyncSequence & Sendable>(_ input: Input, job: ProcessorJob) async throws -> ByteBuffer
        where Input.Element == ByteBuffer {
        var environment: [Environment.Key: String] = ["PATH": ProcessorLaunch.path, "NITROFORGE_JOB": job.jobID]
        if let model = job.modelPath { environment["NITROFORGE_MODEL"] = model }
        let configuration = ProcessorLaunch.configuration(argv: argv, user: user, environment: environment)
        let outcome = try await run(configuration, input: .inputWriter, output: .sequence, error: .sequence) { execution in
            try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask {
                    // Every byte of the input is read (and so verified) even if the program stops reading:
                    // the result must come from an input that verified as a whole.
                    let writer = execution.standardInputWriter
                    var open = true
                    for try await chunk in input where open {
                        do { _ = try await writer.write(Array(chunk.readableBytesView)) } catch { open = false }
                    }
                    try? await writer.finish()
                    return nil
                }
                group.addTask {
                    var output = ByteBuffer()
                    for try await part in execution.standardOutput {
                        guard output.readableBytes + part.count <= job.maxResultBytes else {
                            try? execution.send(signal: .kill, toProcessGroup: true)
                            throw ProcessorFailure("\(argv[0]) wrote more than the \(job.maxResultBytes) result bytes allowed")
                        }
                        part.withUnsafeBytes { output.writeBytes($0) }
                    }
                    return output
                }
                group.addTask {
                    // Drained so the program never blocks on it; not logged, it may echo plaintext.
                    for try await _ in execution.standardError {}
                    return nil
                }
                var result = ByteBuffer()
                do {
                    for try await part in group { if let part { result = part } }
                } catch {
                    try? execution.send(signal: .kill, toProcessGroup: true)
                    throw error
                }
                return result
            }
        }
        guard outcome.terminationStatus.isSuccess else {
            throw ProcessorFailure("\(argv[0]) ended with \(outcome.terminationStatus)")
        }
        return outcome.closureResult
    }
}
