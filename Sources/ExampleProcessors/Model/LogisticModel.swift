import Foundation

/// A logistic regression model: `score = 1 / (1 + exp(-(weights · x + bias)))`, with `x` read from the
/// columns named by `features`. Its JSON is exactly `{"features": [names], "weights": [numbers], "bias": number}`,
/// so a model trained by `LogisticTrainer` is scored by `ScoringSession` unchanged.
///
/// Every way of making one validates it, so a model in hand always has one finite weight per unique feature.
public struct LogisticModel: Equatable, Sendable {
    public let features: [String]
    public let weights: [Double]
    public let bias: Double

    /// - Throws: `ModelError` when the parts do not make a valid model.
    public init(features: [String], weights: [Double], bias: Double) throws {
        try Self.validateFeatureNames(features)
        guard features.count == weights.count else { throw ModelError.countMismatch(features: features.count, weights: weights.count) }
        if let index = weights.firstIndex(where: { !$0.isFinite }) { throw ModelError.nonFiniteWeight(feature: features[index]) }
        guard bias.isFinite else { throw ModelError.nonFiniteBias }
        self.features = features
        self.weights = weights
        self.bias = bias
    }

    /// Checks the names alone, so a trainer can refuse a bad header before reading any rows.
    /// - Throws: `ModelError.noFeatures`, `.emptyFeatureName` or `.duplicateFeature`.
    public static func validateFeatureNames(_ features: [String]) throws {
        guard !features.isEmpty else { throw ModelError.noFeatures }
        var seen = Set<String>()
        for (index, name) in features.enumerated() {
            guard !name.isEmpty else { throw ModelError.emptyFeatureName(index: index) }
            guard seen.insert(name).inserted else { throw ModelError.duplicateFeature(name) }
        }
    }

    /// The probability for one row, `values` in the order of `features`.
    public func probability(_ values: [Double]) -> Double {
        precondition(values.count == weights.count, "one value per feature")
        var z = bias
        for index in weights.indices { z += weights[index] * values[index] }
        return Logistic.sigmoid(z)
    }
}

/// The logistic function, shared by scoring and training so both compute the same thing.
enum Logistic {
    static func sigmoid(_ z: Double) -> Double {
        1 / (1 + exp(-z))
    }

    /// `-log(sigmoid(z))` for label 1 and `-log(1 - sigmoid(z))` for label 0, without overflow for large |z|.
    static func loss(z: Double, label: Double) -> Double {
        let softplus = max(z, 0) + log1p(exp(-abs(z)))
        return softplus - label * z
    }
}
