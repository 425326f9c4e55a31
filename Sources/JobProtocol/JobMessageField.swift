/// The members of the job message, in the order the encoder writes them.
public enum JobMessageField: String, Sendable, CaseIterable, CustomStringConvertible {
    case version = "v"
    case jobID = "jobId"
    case bucket
    case key
    case size
    case sha256
    case submittedAt
    case principal

    public var description: String { rawValue }
}
