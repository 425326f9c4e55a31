import ArgumentParser
import ExampleProcessors
import Hummingbird

/// `nitroforge-example serve`: the `http` form of both processors.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve POST /score and POST /train over HTTP on a loopback address.",
        discussion: """
            POST /score: body CSV (as for `score`), answer 200 text/csv with the scores. POST /train: body CSV \
            (as for `train`, with the training options given here), answer 200 application/json with the model. \
            GET /health: 200. Invalid input: 400 with a one-line text message; a body over --max-body-bytes: 413. \
            Binds only the --listen address; with port 0 it picks a free port. Once bound it writes \
            `listening on HOST:PORT` to standard error. SIGTERM or SIGINT: finish requests in flight, exit.

            EXAMPLES:
              nitroforge-example serve --model examples/inference/model.json
              curl --data-binary @examples/inference/sample.csv http://127.0.0.1:8080/score
              nitroforge-example serve --model model.json --listen 127.0.0.1:0
            """
    )

    @Option(name: .long, help: "The model JSON that POST /score uses.")
    var model: String

    @Option(name: .long, help: "Address to bind, HOST:PORT; port 0 picks a free one.")
    var listen = ListenAddress(host: "127.0.0.1", port: 8080)

    @Option(name: .long, help: "Largest request body accepted, in bytes.")
    var maxBodyBytes: Int = 1 << 30

    @OptionGroup var training: TrainingOptions

    func validate() throws {
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be greater than 0") }
    }

    func run() async throws {
        let routes = ExampleRoutes(model: try ModelFile.load(path: model), training: try training.parameters(),
                                   features: training.features?.names, maxBodyBytes: maxBodyBytes)
        let router = Router()
        routes.register(on: router)
        let listen = listen
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: nil),
            onServerRunning: { channel in
                let bound = ListenAddress(host: listen.host, port: channel.localAddress?.port ?? listen.port)
                StandardStreams.writeError("listening on \(bound)\n")
            })
        do {
            try await application.runService()
        } catch {
            throw CommandFailure(message: "server on \(listen) stopped: \(error)", status: .otherFailure)
        }
    }
}
