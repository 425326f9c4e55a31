import Foundation

/// Standard input in chunks and standard output as it is produced, so a large job never sits in memory whole.
enum StandardStreams {
    static let chunkSize = 1 << 16

    /// Calls `body` with each chunk of standard input until it ends.
    static func forEachInputChunk(_ body: (Data) throws -> Void) throws {
        while true {
            let chunk: Data?
            do {
                chunk = try FileHandle.standardInput.read(upToCount: chunkSize)
            } catch {
                throw CommandFailure(message: "cannot read standard input: \(error.localizedDescription)", status: .otherFailure)
            }
            guard let chunk, !chunk.isEmpty else { return }
            try body(chunk)
        }
    }

    static func write(_ text: String) throws {
        guard !text.isEmpty else { return }
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
        } catch {
            throw CommandFailure(message: "cannot write standard output: \(error.localizedDescription)", status: .otherFailure)
        }
    }

    static func writeError(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }
}
