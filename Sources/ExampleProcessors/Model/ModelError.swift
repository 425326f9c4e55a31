/// Why a model is refused: each case names the key, feature or index involved.
public enum ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is not JSON of the model's shape: where (a key path) and what was expected.
    case invalidJSON(path: String, problem: String)
    /// A key other than `features`, `weights` and `bias`, usually a misspelling.
    case unknownKey(String)
    /// `features` is empty: a model needs at least one input.
    case noFeatures
    /// `features` and `weights` have different lengths.
    case countMismatch(features: Int, weights: Int)
    /// A feature name is empty: index in `features`.
    case emptyFeatureName(index: Int)
    /// A feature name appears twice, so its column would be ambiguous.
    case duplicateFeature(String)
    /// A weight is NaN or infinite: the feature it belongs to.
    case nonFiniteWeight(feature: String)
    /// The bias is NaN or infinite.
    case nonFiniteBias

    public var description: String {
        switch self {
        case .invalidJSON(let path, let problem): return path.isEmpty ? "model: \(problem)" : "model: \(path): \(problem)"
        case .unknownKey(let key): return "model: unknown key \(Quoted.text(key)) (allowed: features, weights, bias)"
        case .noFeatures: return "model: features is empty; a model needs at least one feature"
        case .countMismatch(let features, let weights):
            return "model: \(features) feature\(features == 1 ? "" : "s") but \(weights) weight\(weights == 1 ? "" : "s"); each feature needs one weight"
        case .emptyFeatureName(let index): return "model: features[\(index)] is an empty name"
        case .duplicateFeature(let name): return "model: feature \(Quoted.text(name)) appears more than once"
        case .nonFiniteWeight(let feature): return "model: the weight of feature \(Quoted.text(feature)) is not a finite number"
        case .nonFiniteBias: return "model: bias is not a finite number"
        }
    }
}
