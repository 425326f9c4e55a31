import Attestation
import FuzzSupport

/// The BER reader and CMS EnvelopedData parser that open KMS's `CiphertextForRecipient`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCMS(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = try? CMSEnvelopedData(berEncoded: FuzzInput.bytes(data, count))
    return 0
}

FuzzInput.run(fuzzCMS)
