import ArgumentParser
import ExampleProcessors

/// `nitroforge-example score`: the `exec` form of the scoring processor.
struct Score: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score CSV rows from standard input with a logistic model; write the scores as CSV.",
        discussion: """
            The input's header names the columns; the model's features must all be there, in any order, and \
            other columns are ignored. The output is CSV with the header `score` and one probability per input \
            row, in order, with six decimals. Output is written as rows are read: on an error the output is \
            incomplete and the exit status is not 0. As a spec's `exec` processor, argv is for instance \
            [/usr/local/bin/nitroforge-example, score, --model, /app/model.json].

            EXAMPLES:
              nitroforge-example score --model model.json < sample.csv > scores.csv
              nitroforge-example score --model examples/inference/model.json \\
                < examples/inference/sample.csv
            """
    )

    @Option(name: .long, help: "The model JSON: {\"features\": [names], \"weights\": [numbers], \"bias\": number}.")
    var model: String

    func run() async throws {
        var session = ScoringSession(model: try ModelFile.load(path: model))
        try StandardStreams.forEachInputChunk { chunk in
            try StandardStreams.write(try session.consume(chunk))
        }
        try StandardStreams.write(try session.finish())
    }
}
