import ArgumentParser
import ExampleProcessors

/// `nitroforge-example train`: the `exec` form of the training processor.
struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit a logistic model to CSV from standard input; write the model JSON.",
        discussion: """
            The input has a `label` column (0 or 1); every other column is a feature unless --features names \
            them. Training is full-batch gradient descent from all-zero weights, so it is deterministic; features \
            are not rescaled, so the model applies to raw values and `score` reads it unchanged. The loss before \
            and after training goes to standard error.

            EXAMPLES:
              nitroforge-example train < examples/training/sample.csv > model.json
              nitroforge-example train --epochs 2000 --learning-rate 0.05 < data.csv
              nitroforge-example train --features amount,hour < data.csv > model.json
            """
    )

    @OptionGroup var training: TrainingOptions

    func run() async throws {
        var reader = try TrainingReader(features: training.features?.names)
        try StandardStreams.forEachInputChunk { chunk in try reader.consume(chunk) }
        let set = try reader.finish()
        let result = try LogisticTrainer.train(set, parameters: try training.parameters())
        try StandardStreams.write(String(decoding: result.model.encodedJSON(), as: UTF8.self))
        if let first = result.losses.first, let last = result.losses.last {
            StandardStreams.writeError("trained on \(set.rowCount) rows: mean log-loss \(first) -> \(last)\n")
        }
    }
}
