import ExampleProcessors

/// A failure the command reports itself: the message (naming the file or flag involved) and the exit status.
struct CommandFailure: Error {
    enum Status: Int32 {
        /// Invalid input or usage.
        case invalidInput = 1
        /// Anything else: reading a file, writing the output, the server.
        case otherFailure = 3
    }

    let message: String
    let status: Status

    /// Whether `error` is a library error about the input (CSV, values, model, training parameters).
    static func isInvalidInput(_ error: any Error) -> Bool {
        error is CSVError || error is InputError || error is ModelError || error is TrainingError
    }
}
