import NIOCore

/// The decoder's unread input, kept as the chunks it arrived in. Frames rarely line up with chunks, and
/// merging every chunk into one buffer copied the whole message once more (and moved the tail of each
/// chunk on every frame); instead a frame that straddles chunks is decrypted from each in place. Only
/// small reads (headers, tags, the footer) are ever copied.
struct InputQueue {
    private var chunks = CircularBuffer<ByteBuffer>()
    private(set) var readableBytes = 0

    mutating func append(_ chunk: ByteBuffer) {
        guard chunk.readableBytes > 0 else { return }
        chunks.append(chunk)
        readableBytes += chunk.readableBytes
    }

    /// Everything unread as one buffer, merged in place so that later calls only append what arrived since:
    /// for the header, which is parsed whole and is small.
    mutating func coalesced() -> ByteBuffer {
        guard var merged = chunks.popFirst() else { return ByteBuffer() }
        while let next = chunks.popFirst() { merged.writeImmutableBuffer(next) }
        chunks.append(merged)
        return merged
    }

    /// The first `count` bytes as one buffer: a slice of the first chunk when it holds them, else a copy.
    func prefix(_ count: Int) -> ByteBuffer {
        precondition(count <= readableBytes)
        if let first = chunks.first, first.readableBytes >= count {
            return first.getSlice(at: first.readerIndex, length: count) ?? ByteBuffer()
        }
        var merged = ByteBuffer()
        merged.reserveCapacity(count)
        forEachRun(from: 0, count: count) { merged.writeBytes($0) }
        return merged
    }

    /// Calls `body` with each contiguous run of the bytes in `start ..< start + count`, in order.
    func forEachRun(from start: Int, count: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        precondition(start >= 0 && count >= 0 && start + count <= readableBytes)
        var skip = start
        var remaining = count
        for chunk in chunks {
            guard remaining > 0 else { return }
            let available = chunk.readableBytes
            if skip >= available {
                skip -= available
                continue
            }
            let length = Swift.min(available - skip, remaining)
            try chunk.withUnsafeReadableBytes { bytes in
                try body(UnsafeRawBufferPointer(rebasing: bytes[skip ..< skip + length]))
            }
            remaining -= length
            skip = 0
        }
    }

    /// Drops the first `count` bytes.
    mutating func drop(_ count: Int) {
        precondition(count <= readableBytes)
        var remaining = count
        while remaining > 0, var first = chunks.first {
            if first.readableBytes <= remaining {
                remaining -= first.readableBytes
                chunks.removeFirst()
            } else {
                first.moveReaderIndex(forwardBy: remaining)
                chunks[chunks.startIndex] = first
                remaining = 0
            }
        }
        readableBytes -= count
    }
}
