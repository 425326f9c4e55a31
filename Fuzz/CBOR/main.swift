import FuzzSupport
import NitroFormats

/// The CBOR decoder under its default limits; what it accepts must encode back to a value that decodes the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCBOR(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let value = try? CBORDecoder().decode(FuzzInput.bytes(data, count)) else { return 0 }
    let again = try? CBORDecoder().decode(CBOREncoder.encode(value))
    precondition(again == value, "a decoded value does not survive encoding")
    return 0
}

FuzzInput.run(fuzzCBOR)
