import CNitroZlib

/// A gzip stream written through zlib, in pieces, to `sink`.
///
/// The header is zlib's plain one (no name, modification time 0), so the same input gives the same bytes
/// with the same zlib: the bundle's hash depends on its content, not on when or where it was packed.
final class GzipWriter {
    private let stream: UnsafeMutablePointer<z_stream>
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private var finished = false

    init(level: Int32 = 6, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        self.sink = sink
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16: a gzip wrapper instead of zlib's.
        let status = deflateInit2_(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw BundleError("zlib: deflateInit2 failed (\(status))")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        try deflate(bytes, flush: Z_NO_FLUSH)
    }

    /// Ends the stream (the deflate end and gzip's CRC-32 and length).
    func finish() throws {
        guard !finished else { return }
        finished = true
        try deflate(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH)
    }

    private func deflate(_ bytes: UnsafeRawBufferPointer, flush: Int32) throws {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(bytes.count)
        defer { stream.pointee.next_in = nil }
        while true {
            let (status, produced): (Int32, Int) = output.withUnsafeMutableBytes { buffer in
                stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(buffer.count)
                let status = CNitroZlib.deflate(stream, flush)
                return (status, buffer.count - Int(stream.pointee.avail_out))
            }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw BundleError("zlib: deflate failed (\(status))")
            }
            if produced > 0 { try output.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[..<produced])) } }
            if flush == Z_FINISH {
                if status == Z_STREAM_END { return }
            } else if stream.pointee.avail_in == 0, produced < output.count {
                return
            }
        }
    }
}
