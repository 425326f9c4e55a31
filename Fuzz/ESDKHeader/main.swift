@testable import Envelope
import FuzzSupport
import NIOCore

/// The ESDK header parser alone (format versions 1 and 2, encryption context, data keys, header authentication).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzESDKHeader(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let buffer = ByteBuffer(bytes: FuzzInput.bytes(data, count))
    if let parsed = try? MessageHeader.parse(buffer, maxEncryptedDataKeys: 3) {
        precondition(parsed.totalLength <= count, "a header of \(parsed.totalLength) bytes parsed from \(count)")
    }
    return 0
}

FuzzInput.run(fuzzESDKHeader)
