import JobProtocol

extension JobSession {
    /// A model request: the host names the model's object key as `jobID` (any non-empty text; it is only
    /// logged). The message is admitted like a job's input, but bound to the app and `nitroforge:purpose` =
    /// `model` with no job, written to a staged file, and installed only once the whole message verified;
    /// on any failure the staged file is removed and the previous model (if any) stays.
    func receiveModel(_ request: JobRequest, reader: FrameReader) async throws {
        guard !request.jobID.isEmpty else { throw JobFailure(.badRequest, "a model request names no model") }
        let (tap, _, _, _) = try await open(request, reader: reader, jobID: nil, purpose: .model,
                                         maxPlaintextBytes: context.configuration.maxModelBytes)
        let file = try context.models.stage()
        do {
            for try await chunk in tap.sequence { try file.write(chunk) }
            guard tap.finished else { throw JobFailure(.internal, "the model was not read to its end") }
            try await context.models.install(file)
        } catch {
            file.discard()
            throw error
        }
        context.logger.info("model installed", metadata: ["bytes": "\(file.bytes)"])
    }
}
