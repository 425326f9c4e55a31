@testable import EIF
import FuzzSupport

/// The tar reader that indexes OCI image layers (ustar, GNU long names, PAX records).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTar(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let path = FuzzInput.file(FuzzInput.bytes(data, count))
    if let members = try? TarReader(path: path).members() {
        for member in members {
            precondition(member.dataOffset >= 0 && member.size >= 0 && member.dataOffset + member.size <= Int64(count),
                         "member \(member.path) lies outside the archive")
        }
    }
    return 0
}

FuzzInput.run(fuzzTar)
