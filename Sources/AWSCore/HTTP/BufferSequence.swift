import NIOCore

/// Buffers already in memory as an `AsyncSequence`, to send a `.buffers` request body (again on each attempt).
struct BufferSequence: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let buffers: [ByteBuffer]

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: IndexingIterator<[ByteBuffer]>

        mutating func next() async -> ByteBuffer? {
            base.next()
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: buffers.makeIterator())
    }
}
