import ArgumentParser
import Foundation
import NitroDev
import NitroForgeGen
import NitroForgeSpec
import NitroFormats
import Crypto

/// `nitroforge dev up`: the whole pipeline on this machine, from one spec.
struct DevUp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Run the whole pipeline locally: AWS stand-in, development KMS, producer, enclave agent, processor, host agent.",
        discussion: """
            Generates the spec's output into STATE/out, starts moto_server (unless AWS_ENDPOINT_URL names an AWS \
            stand-in already running), creates the data and results keys carrying the generated key policies \
            (their PCR0 condition resolved to the image's measurement from the spec's measurements file, or to a \
            development measurement printed here), the aliases, the bucket, the queue and its dead-letter queue, \
            and an identity for the producer role, the consumer role and a result reader. It then starts the \
            enforcing development KMS, the host agent, the enclave agent with the NSM emulator (which starts \
            the processor from the spec's devCommand) and the producer, on loopback, and waits until each \
            answers. The producer runs without TLS and with an API key made here, whatever the spec says; \
            nothing of this reaches generated files. Logs are in STATE/logs.

            Without --detach it shows every process's log as one stream until Ctrl-C, then stops them all. \
            With --json, once everything is ready, standard output carries only {"producerUrl", "apiKey", \
            "region", "kmsEndpoint", "awsEndpoint", "bucket", "queueUrl", "deadLetterQueueUrl", "dataKeyArn", \
            "resultsKeyArn", "pcr0", "identities": {"producer", "consumer", "resultReader"}}, each identity \
            with accessKeyId, secretAccessKey and principal.

            EXAMPLES:
              nitroforge dev up --spec examples/inference/nitroforge.yaml --state .nitroforge/dev
              nitroforge dev up --spec examples/inference/nitroforge.yaml --state .nitroforge/dev --detach --json > stack.json
              nitroforge dev down --state .nitroforge/dev
            """)

    @Option(help: "The spec file.") var spec = "nitroforge.yaml"
    @Option(help: "Folder for the stack's output, configurations, logs and process record.") var state = ".nitroforge/dev"
    @Option(help: "For a spec that names a model: the plaintext model file, encrypted here as the model publisher would and stored where the spec says.")
    var model: String?
    @Flag(help: "Return once everything is ready, leaving the processes running (stop them with `dev down`).") var detach = false
    @Flag(help: "Print the stack's endpoints and identities as JSON once it is ready.") var json = false

    func run() async throws {
        let state = DevState(self.state)
        if let record = try? state.readRecord(), record.processes.contains(where: { DevProcesses.isRunning($0.pid) }) {
            throw CommandFailure.refused("a stack started from \(state.root.path) is still running: nitroforge dev down --state \(self.state)")
        }
        let progress = ProgressReporter("dev up")
        let spec = try SpecLoader.load(path: self.spec)
        if spec.enclave.model != nil, model == nil {
            throw CommandFailure.invalidInput(
                "\(self.spec) names a model (enclave.model): give --model FILE, the plaintext model; dev up encrypts and stores it for the enclave")
        }
        try FileManager.default.createDirectory(at: state.logs, withIntermediateDirectories: true)
        let executables = DevExecutables()
        let runtimes = try ["nitroforge-producer", "nitroforge-host", "nitroforge-enclave-dev"].map { try executables.runtime($0, progress: progress) }
        let processorCommand = try devProcessorCommand(spec, executables: executables, progress: progress)

        let pcr0: String
        if let measured = spec.measurements?.pcr0 {
            pcr0 = measured
            progress.step("PCR0 \(pcr0) from \(spec.enclave.measurementsPath)")
        } else {
            pcr0 = SHA384.hash(data: Data("nitroforge development image of \(spec.name)".utf8)).map { String(format: "%02x", $0) }.joined()
            progress.step("no measurements at \(spec.enclave.measurementsPath): development PCR0 \(pcr0)")
        }
        let generation = try Generation.prepare(specPath: self.spec, outputDirectory: state.output)
        try OutputFolder(state.output).write(generation.files)
        progress.step("wrote \(generation.files.count) files to \(state.output.path)")
        _ = try DevelopmentCA.shared(in: state.devRoot)

        var children: [DevChild] = []
        do {
            let answer = try await start(spec: spec, state: state, generation: generation, pcr0: pcr0, runtimes: runtimes,
                                         processorCommand: processorCommand, executables: executables, progress: progress,
                                         children: &children)
            try state.write(DevStackRecord(processes: children, answer: answer))
            if json { try JSONOutput.print(answer) } else {
                print("""
                    nitroforge dev up: ready
                      producer      \(answer.producerUrl)   (API key \(answer.apiKey))
                      KMS           \(answer.kmsEndpoint)   AWS \(answer.awsEndpoint)
                      bucket        \(answer.bucket)   queue \(answer.queueUrl)
                      results key   \(answer.resultsKeyArn)
                      identities    \(state.root.path)/stack.json
                    """)
            }
        } catch {
            _ = await DevProcesses.stop(children)
            try? FileManager.default.removeItem(at: state.record)
            throw error
        }
        guard !detach else { return }
        await DevLogFollower(children: children).follow()
        let stopped = await DevProcesses.stop(children)
        try? FileManager.default.removeItem(at: state.record)
        FileHandle.standardError.write(Data("dev up: stopped \(stopped.joined(separator: ", "))\n".utf8))
    }

    private func start(spec: Spec, state: DevState, generation: Generation, pcr0: String, runtimes: [URL], processorCommand: [String]?,
                       executables: DevExecutables, progress: ProgressReporter, children: inout [DevChild]) async throws -> DevUpAnswer {
        let processes = DevProcesses(state: state)
        var base = ProcessInfo.processInfo.environment
        for key in base.keys where key.hasPrefix("AWS_") { base[key] = nil }
        base["AWS_REGION"] = spec.region

        let awsEndpoint: String
        if let endpoint = ProcessInfo.processInfo.environment["AWS_ENDPOINT_URL"], !endpoint.isEmpty {
            awsEndpoint = endpoint
            progress.step("AWS stand-in at \(endpoint) (AWS_ENDPOINT_URL)")
        } else {
            let port = try LoopbackPort.unused()
            var environment = base
            environment["MOTO_ACCOUNT_ID"] = spec.accountForARNs
            let moto = try processes.start("moto", try executables.motoServer(), ["-H", "127.0.0.1", "-p", String(port)], environment: environment)
            children.append(moto)
            awsEndpoint = "http://127.0.0.1:\(port)"
            try await DevReadiness.waitForHTTP("\(awsEndpoint)/moto-api/data.json", child: moto, timeout: .seconds(30))
            progress.step("moto_server on \(awsEndpoint)")
        }

        let resources = DevResources(spec: spec, endpoint: awsEndpoint, pcr0: pcr0)
        let created = try await resources.create(from: generation)
        progress.step("keys, aliases, bucket \(created.bucket), queue \(spec.queue.name) and its dead-letter queue created")
        if let artifact = spec.enclave.model, let model {
            try await resources.uploadModel(URL(fileURLWithPath: model), to: artifact, dataKeyARN: created.dataKeyARN)
            progress.step("model \(model) encrypted under the data key into s3://\(artifact.bucket)/\(artifact.key)")
        }
        let apiKey = "dev-" + DevResources.randomText(24)
        let ports = try LoopbackPort.unused(count: 4)
        let (kmsPort, producerPort, jobsPort, logsPort) = (ports[0], ports[1], ports[2], ports[3])
        let files = DevConfigFiles(state: state, spec: spec, created: created)
        try files.writeIdentities()
        try files.writeProducer(port: producerPort, apiKey: apiKey)
        try files.writeHost(jobsPort: jobsPort, logsPort: logsPort)
        try files.writeEnclave(generated: try resources.enclaveJSON(in: generation),
                               processorCommand: processorCommand)

        func environment(_ identity: DevUpAnswer.Identity?, extra: [String: String] = [:]) -> [String: String] {
            var environment = base
            environment["AWS_ENDPOINT_URL"] = awsEndpoint
            environment["AWS_ACCESS_KEY_ID"] = identity?.accessKeyId ?? "nitroforge-dev"
            environment["AWS_SECRET_ACCESS_KEY"] = identity?.secretAccessKey ?? "nitroforge-dev"
            return environment.merging(extra) { $1 }
        }
        let kmsEndpoint = "http://127.0.0.1:\(kmsPort)"
        let kms = try processes.start("kms", executables.directory.appendingPathComponent("nitroforge"), [
            "dev", "kms", "--listen", "127.0.0.1:\(kmsPort)", "--upstream", awsEndpoint, "--dev-root", state.devRoot.path,
            "--identities", state.identities.path,
        ], environment: environment(nil))
        children.append(kms)
        try await DevReadiness.waitForTCP(port: kmsPort, child: kms, timeout: .seconds(30))
        progress.step("development KMS on \(kmsEndpoint)")

        let host = try processes.start("host", runtimes[1], ["--config", state.hostConfig.path], environment: environment(created.identities.consumer))
        children.append(host)
        let enclave = try processes.start("enclave", runtimes[2], [
            "--config", state.enclaveConfig.path, "--dev-root", state.devRoot.path, "--pcr0", pcr0,
            "--listen", "tcp:127.0.0.1:\(jobsPort)", "--logs", "tcp:127.0.0.1:\(logsPort)", "--kms-endpoint", kmsEndpoint,
        ], environment: environment(nil), directory: spec.sourceFile.deletingLastPathComponent())
        children.append(enclave)
        try await DevReadiness.waitForTCP(port: jobsPort, child: enclave, timeout: .seconds(120))
        progress.step("enclave agent on tcp:127.0.0.1:\(jobsPort)\(processorCommand == nil ? "" : ", its processor answering")")

        let producerURL = "http://127.0.0.1:\(producerPort)"
        let producer = try processes.start("producer", runtimes[0], ["--config", state.producerConfig.path],
                                           environment: environment(created.identities.producer, extra: ["AWS_ENDPOINT_URL_KMS": kmsEndpoint]))
        children.append(producer)
        try await DevReadiness.waitForHTTP("\(producerURL)/readyz", child: producer, timeout: .seconds(60)) { $0 == 200 }
        guard DevProcesses.isRunning(host.pid) else {
            throw CommandFailure.internalFailure("the host agent exited; the end of \(host.log):\n\(DevProcesses.tail(host))")
        }
        progress.step("producer on \(producerURL)")

        return DevUpAnswer(
            producerUrl: producerURL, apiKey: apiKey, region: spec.region, kmsEndpoint: kmsEndpoint, awsEndpoint: awsEndpoint, bucket: created.bucket,
            queueUrl: created.queueURL, deadLetterQueueUrl: created.deadLetterQueueURL, dataKeyArn: created.dataKeyARN,
            resultsKeyArn: created.resultsKeyARN, pcr0: pcr0, identities: created.identities)
    }

    /// The argv the development enclave supervises for an http processor (the spec's devCommand, its
    /// program resolved to a path); nil for exec processors, which the enclave runs per job.
    private func devProcessorCommand(_ spec: Spec, executables: DevExecutables, progress: ProgressReporter) throws -> [String]? {
        guard case .http(let http) = spec.enclave.processor, let command = http.resolvedDevCommand, !command.isEmpty else { return nil }
        let program = try executables.program(command[0], progress: progress)
        return [program.path] + command.dropFirst()
    }
}

/// `nitroforge dev down`: stops what `dev up --detach` started.
struct DevDown: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop every process a detached `dev up` started (by the PIDs it recorded).",
        discussion: """
            Sends SIGTERM, then SIGKILL to whatever still runs 5 seconds later. The state folder (output, \
            configurations, logs) is kept; the next `dev up` with it starts afresh.

            EXAMPLE:
              nitroforge dev down --state .nitroforge/dev
            """)

    @Option(help: "The folder given to `dev up --state`.") var state = ".nitroforge/dev"
    @Flag(help: "Print {\"stopped\": [names]} as JSON.") var json = false

    func run() async throws {
        let state = DevState(self.state)
        guard let record = try state.readRecord() else {
            throw CommandFailure.invalidInput("no stack recorded in \(state.record.path): nothing to stop")
        }
        let stopped = await DevProcesses.stop(record.processes)
        try? FileManager.default.removeItem(at: state.record)
        if json { try JSONOutput.print(["stopped": stopped]) } else {
            print(stopped.isEmpty ? "dev down: nothing was running" : "dev down: stopped \(stopped.joined(separator: ", "))")
        }
    }
}

/// `nitroforge dev restart`: one process of a detached stack started again, as `dev up` started it.
struct DevRestart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart",
        abstract: "Stop one process of a detached `dev up` (if it still runs) and start it again the same way.",
        discussion: """
            NAME is one of moto, kms, host, enclave, producer. Useful after rebuilding a runtime, or after \
            killing one to see how the pipeline recovers. Its log continues in STATE/logs/NAME.log.

            EXAMPLE:
              nitroforge dev restart enclave --state .nitroforge/dev
            """)

    @Argument(help: "The process to restart.") var name: String
    @Option(help: "The folder given to `dev up --state`.") var state = ".nitroforge/dev"

    func run() async throws {
        let state = DevState(self.state)
        guard var record = try state.readRecord() else {
            throw CommandFailure.invalidInput("no stack recorded in \(state.record.path): run nitroforge dev up --detach first")
        }
        guard let index = record.processes.firstIndex(where: { $0.name == name }) else {
            throw CommandFailure.invalidInput("no process \(name) in the stack; it has \(record.processes.map(\.name).joined(separator: ", "))")
        }
        _ = await DevProcesses.stop([record.processes[index]])
        record.processes[index] = try DevProcesses(state: state).start(name, record.processes[index].command)
        try state.write(record)
        print("dev restart: \(name) started again (pid \(record.processes[index].pid))")
    }
}

/// `nitroforge dev env`: shell settings for using a running stack as one of its identities.
struct DevEnv: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Print export lines for a running stack: its endpoints, API key, keys and one identity's credentials.",
        discussion: """
            NITROFORGE_PRODUCER_URL and NITROFORGE_API_KEY are what `submit` and `job` read when --endpoint \
            and --api-key are not given; AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_KMS (the development KMS), \
            AWS_REGION and the identity's AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are what `decrypt`, \
            `encrypt` and any AWS SDK read. The result reader (the default) may decrypt results; the \
            producer and consumer identities are the producer's and the host agent's.

            EXAMPLE:
              eval "$(nitroforge dev env --state .nitroforge/dev)"
              nitroforge decrypt --in "s3://$NITROFORGE_BUCKET/results/$job.esdk" --out scores.csv --key-id "$NITROFORGE_RESULTS_KEY_ARN"
            """)

    enum Role: String, ExpressibleByArgument, CaseIterable {
        case resultReader = "result-reader", producer, consumer
    }

    @Option(help: "The folder given to `dev up --state`.") var state = ".nitroforge/dev"
    @Option(name: .customLong("as"), help: "Whose credentials: result-reader, producer or consumer.") var role = Role.resultReader

    func run() async throws {
        let state = DevState(self.state)
        guard let answer = try state.readRecord()?.answer else {
            throw CommandFailure.invalidInput("no running stack recorded in \(state.record.path): run nitroforge dev up --detach first")
        }
        let identity: DevUpAnswer.Identity
        switch role {
        case .resultReader: identity = answer.identities.resultReader
        case .producer: identity = answer.identities.producer
        case .consumer: identity = answer.identities.consumer
        }
        let settings: [(String, String)] = [
            ("NITROFORGE_PRODUCER_URL", answer.producerUrl), ("NITROFORGE_API_KEY", answer.apiKey), ("NITROFORGE_BUCKET", answer.bucket),
            ("NITROFORGE_QUEUE_URL", answer.queueUrl), ("NITROFORGE_DATA_KEY_ARN", answer.dataKeyArn),
            ("NITROFORGE_RESULTS_KEY_ARN", answer.resultsKeyArn), ("AWS_ENDPOINT_URL", answer.awsEndpoint),
            ("AWS_ENDPOINT_URL_KMS", answer.kmsEndpoint), ("AWS_REGION", answer.region),
            ("AWS_ACCESS_KEY_ID", identity.accessKeyId), ("AWS_SECRET_ACCESS_KEY", identity.secretAccessKey),
        ]
        for (name, value) in settings { print("export \(name)='\(value.replacingOccurrences(of: "'", with: "'\\''"))'") }
    }
}
