import Foundation

/// A second, deliberately plain scorer: JSONSerialization for the model, comma splitting for CSV without
/// quotes, and the sigmoid written out here, so the tests never compare the library with itself.
enum Independent {
    struct Model {
        let features: [String]
        let weights: [Double]
        let bias: Double
    }

    struct Unexpected: Error {
        let what: String
    }

    static func model(json: Data) throws -> Model {
        guard let object = try JSONSerialization.jsonObject(with: json) as? [String: Any],
              let features = object["features"] as? [String],
              let weights = (object["weights"] as? [NSNumber])?.map(\.doubleValue),
              let bias = (object["bias"] as? NSNumber)?.doubleValue else { throw Unexpected(what: "model shape") }
        return Model(features: features, weights: weights, bias: bias)
    }

    static func sigmoid(_ z: Double) -> Double {
        1.0 / (1.0 + exp(-z))
    }

    /// The score of every row, each printed with six decimals. Only for CSV without quoted fields.
    static func scores(csv: String, model: Model) throws -> [String] {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.trimmingSuffix("\r")) }
        while lines.last == "" { lines.removeLast() }
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else {
            throw Unexpected(what: "a header")
        }
        return try lines.dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var z = model.bias
            for (name, weight) in zip(model.features, model.weights) {
                guard let column = header.firstIndex(of: name), let value = Double(fields[column]) else {
                    throw Unexpected(what: "a number in column \(name) of \(line)")
                }
                z += weight * value
            }
            return String(format: "%.6f", sigmoid(z))
        }
    }
}

private extension Substring {
    func trimmingSuffix(_ suffix: String) -> Substring {
        hasSuffix(suffix) ? dropLast(suffix.count) : self
    }
}
