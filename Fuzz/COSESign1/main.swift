import FuzzSupport
import NitroFormats

/// COSE_Sign1 parsing (tagged or not) and its algorithm header; no signature is checked.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCOSESign1(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    if let message = try? COSESign1(decoding: FuzzInput.bytes(data, count)) {
        _ = try? message.algorithm()
        _ = try? COSESign1(decoding: message.encoded(tagged: true))
    }
    return 0
}

FuzzInput.run(fuzzCOSESign1)
