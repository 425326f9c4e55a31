import Foundation

/// The folder `dev up` owns: generated output, configurations, logs and the record of what it started,
/// which `dev down` reads. Nothing outside it is written.
struct DevState {
    let root: URL

    init(_ path: String) {
        root = URL(fileURLWithPath: path).standardizedFileURL
    }

    var output: URL { root.appendingPathComponent("out") }
    var logs: URL { root.appendingPathComponent("logs") }
    var devRoot: URL { root.appendingPathComponent("dev-root") }
    var identities: URL { root.appendingPathComponent("identities.json") }
    var producerConfig: URL { root.appendingPathComponent("producer.yaml") }
    var hostConfig: URL { root.appendingPathComponent("host.yaml") }
    var enclaveConfig: URL { root.appendingPathComponent("enclave.json") }
    var record: URL { root.appendingPathComponent("stack.json") }

    func log(_ name: String) -> URL { logs.appendingPathComponent("\(name).log") }

    func readRecord() throws -> DevStackRecord? {
        guard let data = FileManager.default.contents(atPath: record.path) else { return nil }
        return try JSONDecoder().decode(DevStackRecord.self, from: data)
    }

    func write(_ record: DevStackRecord) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(record).write(to: self.record, options: .atomic)
    }
}

/// What `dev up` started, in start order, and what it answered.
struct DevStackRecord: Codable {
    var processes: [DevChild]
    var answer: DevUpAnswer?
}

struct DevChild: Codable {
    var name: String
    var pid: Int32
    var log: String
    /// How it was started, so `dev restart` can start it again the same way.
    var command: DevCommand
}

struct DevCommand: Codable {
    var executable: String
    var arguments: [String]
    var environment: [String: String]
    var directory: String?
}

/// `dev up --json`: everything a test or a script needs to use the stack.
struct DevUpAnswer: Codable {
    struct Identity: Codable {
        var accessKeyId: String
        var secretAccessKey: String
        var principal: String
    }

    struct Identities: Codable {
        var producer: Identity
        var consumer: Identity
        var resultReader: Identity
    }

    var producerUrl: String
    var apiKey: String
    var region: String
    var kmsEndpoint: String
    var awsEndpoint: String
    var bucket: String
    var queueUrl: String
    var deadLetterQueueUrl: String
    var dataKeyArn: String
    var resultsKeyArn: String
    var pcr0: String
    var identities: Identities
}
