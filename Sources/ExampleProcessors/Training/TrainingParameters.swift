/// How long and how fast gradient descent runs. The defaults fit small, unscaled example data.
public struct TrainingParameters: Equatable, Sendable {
    /// Full passes over the data; each pass is one gradient step.
    public let epochs: Int
    /// The step size of each update.
    public let learningRate: Double

    public static let defaultEpochs = 500
    public static let defaultLearningRate = 0.1

    /// - Throws: `TrainingError.invalidEpochs` or `.invalidLearningRate`.
    public init(epochs: Int = defaultEpochs, learningRate: Double = defaultLearningRate) throws {
        guard epochs >= 1 else { throw TrainingError.invalidEpochs(epochs) }
        guard learningRate.isFinite, learningRate > 0 else { throw TrainingError.invalidLearningRate(learningRate) }
        self.epochs = epochs
        self.learningRate = learningRate
    }
}
