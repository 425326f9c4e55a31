import Foundation

/// A trained model and how its loss went, so callers (and tests) can see that training made progress.
public struct TrainingResult: Sendable {
    public let model: LogisticModel
    /// Mean log-loss over the rows: of the all-zero starting model, then after each epoch (`epochs + 1` values).
    public let losses: [Double]
}

/// Fits a `LogisticModel` by full-batch gradient descent on the mean log-loss.
///
/// Starts from all-zero weights and bias and visits rows in order, so the same data and parameters always give
/// the same model. Features are not standardised: the weights apply to the raw values, which is what the
/// scorer reads, at the price of needing a smaller learning rate for features with large values.
public enum LogisticTrainer {
    /// - Throws: `TrainingError.diverged` when the learning rate is too large for the data.
    public static func train(_ set: TrainingSet, parameters: TrainingParameters) throws -> TrainingResult {
        let width = set.features.count
        let rows = Double(set.rowCount)
        var weights = [Double](repeating: 0, count: width)
        var bias = 0.0
        var gradient = [Double](repeating: 0, count: width)
        var losses: [Double] = []
        losses.reserveCapacity(parameters.epochs + 1)
        for epoch in 0...parameters.epochs {
            for index in gradient.indices { gradient[index] = 0 }
            var biasGradient = 0.0
            var loss = 0.0
            set.values.withUnsafeBufferPointer { values in
                for row in 0..<set.rowCount {
                    let offset = row * width
                    var z = bias
                    for feature in 0..<width { z += weights[feature] * values[offset + feature] }
                    let label = set.labels[row]
                    loss += Logistic.loss(z: z, label: label)
                    let error = Logistic.sigmoid(z) - label
                    for feature in 0..<width { gradient[feature] += error * values[offset + feature] }
                    biasGradient += error
                }
            }
            losses.append(loss / rows)
            // The last pass only measures the final model's loss.
            if epoch == parameters.epochs { break }
            for feature in 0..<width { weights[feature] -= parameters.learningRate * gradient[feature] / rows }
            bias -= parameters.learningRate * biasGradient / rows
            guard bias.isFinite, weights.allSatisfy(\.isFinite) else { throw TrainingError.diverged(epoch: epoch + 1) }
        }
        let model = try LogisticModel(features: set.features, weights: weights, bias: bias)
        return TrainingResult(model: model, losses: losses)
    }

    /// Reads a whole training CSV and fits a model to it.
    /// - Throws: `CSVError`, `InputError`, `ModelError` or `TrainingError`.
    public static func train(csv: some Sequence<UInt8>, features: [String]? = nil,
                             parameters: TrainingParameters) throws -> TrainingResult {
        var reader = try TrainingReader(features: features)
        try reader.consume(csv)
        return try train(try reader.finish(), parameters: parameters)
    }
}
