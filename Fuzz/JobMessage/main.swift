import FuzzSupport
import JobProtocol

/// The SQS job message decoder the producer and the host share (strict JSON, version, bucket, prefix, size).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJobMessage(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let text = String(validating: FuzzInput.bytes(data, count), as: UTF8.self) else { return 0 }
    let decoder = JobMessageDecoder(maxObjectBytes: 1 << 30, bucket: "jobs-bucket")
    if let message = try? decoder.decode(text) {
        precondition((try? decoder.decode(message.encoded())) == message, "an accepted message does not survive encoding")
    }
    return 0
}

FuzzInput.run(fuzzJobMessage)
