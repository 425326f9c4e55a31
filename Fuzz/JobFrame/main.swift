import FuzzSupport
import JobProtocol
import NIOCore

/// The host-to-enclave framing decoder, fed in chunks whose size the first input byte sets; every frame
/// it accepts must encode back to the same bytes' meaning.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJobFrame(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, count)
    guard let first = bytes.first else { return 0 }
    let chunk = Int(first) + 1
    let decoder = JobFrameDecoder()
    var buffer = ByteBuffer()
    var rest = bytes.dropFirst()
    while !rest.isEmpty {
        buffer.writeBytes(rest.prefix(chunk))
        rest = rest.dropFirst(chunk)
        do {
            while let frame = try decoder.next(from: &buffer) {
                var encoded = ByteBuffer()
                try? JobFrameEncoder().encode(data: frame, out: &encoded)
                let again = JobFrameDecoder()
                precondition((try? again.next(from: &encoded)) == frame, "an accepted frame does not survive encoding")
            }
        } catch {
            return 0
        }
    }
    return 0
}

FuzzInput.run(fuzzJobFrame)
