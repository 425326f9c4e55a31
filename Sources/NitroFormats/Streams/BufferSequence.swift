import NIOCore

/// Bytes already in memory as an async sequence: a list of chunks, or one buffer in slices of at most
/// `chunkSize` bytes. NIO copies a slice that starts past a buffer's first 16 MiB, so input already held
/// as separate buffers is best passed as `chunks`. Iterating again starts again from the first byte, so an
/// HTTP body made of one can be sent again on a retry.
public struct BufferSequence: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    let chunks: [ByteBuffer]
    let chunkSize: Int

    public init(_ buffer: ByteBuffer, chunkSize: Int) {
        chunks = [buffer]
        self.chunkSize = Swift.max(1, chunkSize)
    }

    public init(chunks: [ByteBuffer]) {
        self.chunks = chunks
        chunkSize = Int.max
    }

    public func makeAsyncIterator() -> Iterator { Iterator(pending: chunks[...], chunkSize: chunkSize) }

    public struct Iterator: AsyncIteratorProtocol {
        var pending: ArraySlice<ByteBuffer>
        var current = ByteBuffer()
        let chunkSize: Int

        public mutating func next() async -> ByteBuffer? {
            while current.readableBytes == 0 {
                guard let next = pending.popFirst() else { return nil }
                current = next
            }
            return current.readSlice(length: Swift.min(chunkSize, current.readableBytes))
        }
    }
}
