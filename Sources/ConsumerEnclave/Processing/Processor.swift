import NIOCore

/// The workload: takes one job's plaintext as it is decrypted and returns the result. The input sequence
/// throws when the ciphertext fails to verify; a processor then fails too, and the agent discards anything
/// it produced, so no result ever comes from an input that did not verify as a whole.
public protocol Processor: Sendable {
    func process<Input: AsyncSequence & Sendable>(_ input: Input, job: ProcessorJob) async throws -> ByteBuffer
        where Input.Element == ByteBuffer
}

/// What a processor may know about the job beyond its bytes.
public struct ProcessorJob: Sendable {
    public var jobID: String
    /// Largest result accepted; a processor that writes more fails.
    public var maxResultBytes: Int
    /// The decrypted model's file (`NITROFORGE_MODEL`), when the enclave has one.
    public var modelPath: String?

    public init(jobID: String, maxResultBytes: Int, modelPath: String? = nil) {
        self.jobID = jobID
        self.maxResultBytes = maxResultBytes
        self.modelPath = modelPath
    }
}

/// Why the processor produced no result. Messages name the processor's behaviour (exit status, HTTP
/// status, sizes), never the bytes it wrote: those may be plaintext.
public struct ProcessorFailure: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
