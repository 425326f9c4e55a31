import Foundation

/// The decrypted model the processor reads, and who is waiting for it. Only a model whose whole message
/// verified is ever installed (`ModelFile` stages it under a temporary name and renames it at the end), so
/// the path a processor is given always holds a complete, authentic model. A new model replaces the file
/// by rename: a processor that already opened the old one keeps reading it.
public actor ModelStore {
    /// Where the model file lives: `/run/nitroforge/model` in an enclave, a private temporary folder elsewhere.
    public nonisolated let directory: URL
    /// The processor's account, when the agent is root: it gets the folder and the file, read-only.
    public nonisolated let owner: ProcessUser?
    /// The installed model's path, nil until one has arrived.
    public private(set) var path: String?
    private var watchers: [UUID: AsyncStream<String>.Continuation] = [:]

    public init(directory: URL, owner: ProcessUser?) {
        self.directory = directory
        self.owner = owner
    }

    /// The enclave's location, on its memory-backed `/run`.
    public static func enclave(owner: ProcessUser?) -> ModelStore {
        ModelStore(directory: URL(fileURLWithPath: "/run/nitroforge/model"), owner: owner)
    }

    /// A folder of this process's own (development and tests), so no other user reads the model.
    public static func privateTemporary() -> ModelStore {
        ModelStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-model-\(UUID().uuidString)"),
                   owner: nil)
    }

    /// The path the processor reads: fixed, so a restarted processor finds the newest model there.
    public nonisolated var modelPath: String { directory.appendingPathComponent("model").path }

    /// Starts writing a model; the caller writes the verified plaintext into it and then `install`s it.
    nonisolated func stage() throws(ModelFileError) -> ModelFile {
        try ModelFile(directory: directory, finalName: "model", owner: owner)
    }

    /// Puts a fully written and verified model in place and tells every watcher.
    func install(_ file: ModelFile) throws(ModelFileError) {
        try file.commit()
        path = modelPath
        for watcher in watchers.values { watcher.yield(modelPath) }
    }

    /// The model's path now (if one is installed) and again each time a new one is installed; ends when the
    /// caller stops iterating or is cancelled.
    public func updates() -> AsyncStream<String> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1))
        if let path { continuation.yield(path) }
        watchers[id] = continuation
        continuation.onTermination = { _ in Task { await self.stopWatching(id) } }
        return stream
    }

    private func stopWatching(_ id: UUID) {
        watchers[id] = nil
    }
}
