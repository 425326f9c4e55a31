import ArgumentParser
import ExampleProcessors

/// The training options of `train` and of `serve`'s POST /train.
struct TrainingOptions: ParsableArguments {
    @Option(name: .long, help: "Gradient descent passes over the data (each is one step).")
    var epochs: Int = TrainingParameters.defaultEpochs

    @Option(name: .long, help: "Step size of each gradient descent update; lower it for features with large values.")
    var learningRate: Double = TrainingParameters.defaultLearningRate

    @Option(name: .long, help: "Feature columns, comma-separated, in the model's order (default: every column but label, in header order).")
    var features: FeatureList?

    func validate() throws {
        do {
            _ = try parameters()
            if let names = features?.names { _ = try TrainingReader(features: names) }
        } catch {
            throw ValidationError(flagged(error))
        }
    }

    func parameters() throws -> TrainingParameters {
        try TrainingParameters(epochs: epochs, learningRate: learningRate)
    }

    /// The library's message with the flag it came from; the library does not know the flags.
    private func flagged(_ error: any Error) -> String {
        switch error {
        case TrainingError.invalidEpochs: return "--epochs: \(error)"
        case TrainingError.invalidLearningRate: return "--learning-rate: \(error)"
        default: return "--features: \(error)"
        }
    }
}

/// A comma-separated list of column names.
struct FeatureList: ExpressibleByArgument {
    let names: [String]

    init?(argument: String) {
        names = argument.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
}
