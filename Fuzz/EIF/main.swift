import EIF
import FuzzSupport

/// What `describe-eif` reads: the EIF header, its section table, the CRC, each section, the measurements,
/// the metadata and the signature section.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEIF(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = try? EIFDescription(path: FuzzInput.file(FuzzInput.bytes(data, count)))
    return 0
}

FuzzInput.run(fuzzEIF)
