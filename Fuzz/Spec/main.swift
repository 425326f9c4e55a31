import Foundation
import FuzzSupport
import NitroForgeSpec

/// The spec loader: YAML bytes to a validated spec, or errors that each name a line and column.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpec(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let text = String(validating: FuzzInput.bytes(data, count), as: UTF8.self) else { return 0 }
    do {
        _ = try SpecLoader.load(yaml: text, file: "nitroforge.yaml", sourceFile: URL(fileURLWithPath: "/nonexistent/nitroforge.yaml"))
    } catch {
        precondition(!error.description.isEmpty, "a refusal without a message")
    }
    return 0
}

FuzzInput.run(fuzzSpec)
