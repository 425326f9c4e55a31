/// Rules that keep the processor runnable by the enclave agent, which is the image's only entrypoint and
/// refuses a relative program path (inside the enclave there is no `PATH` it could trust to mean one file).
enum ProcessorRules {
    static let absoluteProgram = "an absolute path to the program inside the image, e.g. /usr/local/bin/server"

    static func check(_ context: inout RuleContext) {
        switch context.spec.enclave.processor {
        case .exec(let argv):
            checkProgram(argv, at: "enclave.processor.exec.argv", &context)
        case .http(let http):
            if let command = http.command {
                checkProgram(command, at: "enclave.processor.http.command", &context)
            } else {
                context.warn("enclave.processor.http", "has no command, so nothing in the enclave starts the server at \(http.url): "
                                 + "the enclave agent replaces the image's ENTRYPOINT and CMD",
                             advice: "add command: [absolute program path, arguments...], unless edited templates start the server")
            }
        }
    }

    private static func checkProgram(_ argv: [String], at path: String, _ context: inout RuleContext) {
        guard let program = argv.first, !program.hasPrefix("/") else { return }
        context.report([path + ".0"], "\"\(program)\" is not an absolute path", allowed: absoluteProgram)
    }
}
