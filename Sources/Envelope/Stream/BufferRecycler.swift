import NIOCore

/// Allocates the frame-sized buffers a stream hands out, reusing the last one once its consumer has let go
/// of it. NIO rounds a 1 MiB frame up to a 2 MiB allocation, which malloc serves with a fresh `mmap` whose
/// pages the kernel zeroes on first touch: without reuse that cost about a sixth of encrypting a frame.
struct BufferRecycler {
    private var handedOut: ByteBuffer?
    private let allocator = ByteBufferAllocator()

    /// An empty buffer of at least `capacity` bytes: the last one handed out when nobody holds it any more.
    mutating func buffer(capacity: Int) -> ByteBuffer {
        if var previous = handedOut.take(), previous.capacity >= capacity,
           previous.modifyIfUniquelyOwned({ $0.clear() }) != nil {
            return previous
        }
        return allocator.buffer(capacity: capacity)
    }

    /// Remembers `buffer`, about to be handed out, for reuse once its consumer has dropped it. Call when it is
    /// complete: a buffer remembered here is shared, so writing to it again would copy it.
    mutating func handOut(_ buffer: ByteBuffer) -> ByteBuffer {
        handedOut = buffer
        return buffer
    }
}
