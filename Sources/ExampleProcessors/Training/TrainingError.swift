/// Why training cannot start or finish; input and model problems are `InputError`, `CSVError` and `ModelError`.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Epochs must be at least 1.
    case invalidEpochs(Int)
    /// The learning rate must be a finite number greater than 0.
    case invalidLearningRate(Double)
    /// The label column was also named as a feature.
    case labelIsFeature(String)
    /// The header has no column besides the label.
    case noFeatureColumns(line: Int)
    /// The input has a header but no rows.
    case noRows
    /// A weight or the bias stopped being finite: the epoch (1-based) where it happened.
    case diverged(epoch: Int)

    public var description: String {
        switch self {
        case .invalidEpochs(let epochs): return "epochs must be at least 1, not \(epochs)"
        case .invalidLearningRate(let rate): return "learning rate must be a finite number greater than 0, not \(rate)"
        case .labelIsFeature(let name): return "the label column \(Quoted.text(name)) cannot also be a feature"
        case .noFeatureColumns(let line): return "line \(line): the header has no feature column besides the label"
        case .noRows: return "no rows to train on: the input has only a header"
        case .diverged(let epoch): return "training diverged in epoch \(epoch) (a weight is no longer finite); use a lower learning rate"
        }
    }
}
