import ArgumentParser
import AsyncHTTPClient
import Envelope
import Foundation
import NIOCore

/// `nitroforge submit`: a file (or standard input) streamed to a producer as one job.
struct Submit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Submit a file to a producer as a job: streamed, encrypted there, stored in S3 and queued.",
        discussion: """
            The file is streamed (never read whole), with a progress bar on standard error. The producer \
            answers with the job: its id, where the encrypted object is, and the plaintext's size and SHA-256. \
            With --idempotency-key, a retry of a submission that may have been accepted answers with the \
            first job instead of creating another. Exit status 2 when the producer refuses (4xx), 3 when \
            it fails or cannot be reached.

            EXAMPLES:
              nitroforge submit --endpoint https://jobs.example.com --token "$TOKEN" transactions.csv
              nitroforge submit --endpoint http://127.0.0.1:8080 --api-key "$KEY" --json - < data.csv
              nitroforge submit --endpoint https://10.0.1.5:8443 --ca-file producer.pem --api-key "$KEY" big.bin
              job=$(nitroforge submit -q data.csv)   # with NITROFORGE_PRODUCER_URL and NITROFORGE_API_KEY set
            """)

    @OptionGroup var connection: ProducerConnection

    @Option(name: .customLong("idempotency-key"), help: "Makes a retried submission answer with the first job.")
    var idempotencyKey: String?

    @Flag(help: "Print exactly the producer's 202 answer (JSON) on standard output, and no progress.")
    var json = false

    @Flag(name: [.short, .long], help: "Print only the job id (for scripts: job=$(nitroforge submit -q FILE)).")
    var quiet = false

    @Argument(help: "The file to submit, or - for standard input.")
    var file: String

    func validate() throws {
        guard file == "-" || FileManager.default.isReadableFile(atPath: file) else {
            throw ValidationError("\(file): no such readable file")
        }
    }

    func run() async throws {
        let chunks = FileChunks(path: file, chunkSize: 1 << 20)
        let size = chunks.size
        let progress = ProgressReporter("submitting", total: size, enabled: !json && !quiet)
        var request = HTTPClientRequest(url: connection.url("/v1/jobs"))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        request.body = .stream(ReportingChunks(base: chunks, progress: progress), length: size.map { .known($0) } ?? .unknown)
        let answer = try await connection.send(request)
        progress.finish()
        guard answer.status == 202 else { throw ProducerConnection.failure(status: answer.status, body: answer.body) }
        if json {
            FileHandle.standardOutput.write(Data(answer.body.utf8))
            return
        }
        let job = (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8))) as? [String: Any] ?? [:]
        if quiet {
            print(job["jobId"] ?? "")
            return
        }
        print("job \(job["jobId"] ?? "?"): s3://\(job["bucket"] ?? "?")/\(job["key"] ?? "?"), \(job["size"] ?? "?") bytes, sha256 \(job["sha256"] ?? "?")")
    }
}

/// The file's chunks, counted into the progress bar as they are sent.
struct ReportingChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: FileChunks
    let progress: ProgressReporter

    func makeAsyncIterator() -> Iterator { Iterator(base: base.makeAsyncIterator(), progress: progress) }

    struct Iterator: AsyncIteratorProtocol {
        var base: FileChunks.Iterator
        let progress: ProgressReporter

        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await base.next() else { return nil }
            progress.advance(by: Int64(chunk.readableBytes))
            return chunk
        }
    }
}

/// `nitroforge job`: a job's status, as the producer tells its submitter.
struct Job: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a job's status: pending, done (its result is stored) or failed.",
        discussion: """
            Only the caller who submitted a job can see it; for anyone else the producer answers 404.

            EXAMPLES:
              nitroforge job --endpoint https://jobs.example.com --token "$TOKEN" 0193a4b2-7c1d-7e5f-8a9b-0c1d2e3f4a5b
              nitroforge job --endpoint http://127.0.0.1:8080 --api-key "$KEY" --json "$JOB_ID"
              nitroforge job --wait 60 "$JOB_ID"   # until done (exit 0) or failed (exit 2)
            """)

    @OptionGroup var connection: ProducerConnection

    @Flag(help: "Print the producer's answer (JSON) on standard output.")
    var json = false

    @Option(help: "Wait up to SECONDS for the job to be done or failed, checking every second.")
    var wait: Int?

    @Argument(help: "The job id that submit printed.")
    var id: String

    func run() async throws {
        var request = HTTPClientRequest(url: connection.url("/v1/jobs/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)"))
        request.method = .GET
        var answer = try await connection.send(request)
        let deadline = ContinuousClock.now + .seconds(wait ?? 0)
        let progress = ProgressReporter("job \(id)", enabled: !json && wait != nil)
        while answer.status == 200, wait != nil, ContinuousClock.now < deadline, Self.status(of: answer.body) == "pending" {
            progress.step("pending")
            try await Task.sleep(for: .seconds(1))
            answer = try await connection.send(request)
        }
        guard answer.status == 200 else { throw ProducerConnection.failure(status: answer.status, body: answer.body) }
        if json {
            FileHandle.standardOutput.write(Data(answer.body.utf8))
            return
        }
        let job = (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8))) as? [String: Any] ?? [:]
        print("job \(job["jobId"] ?? id): \(job["status"] ?? "?")")
        if wait != nil, Self.status(of: answer.body) != "done" {
            throw CommandFailure.refused("job \(id) is \(Self.status(of: answer.body) ?? "unknown"), not done")
        }
    }

    static func status(of body: String) -> String? {
        ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any])?["status"] as? String
    }
}
