import CFuzzDriver
import Foundation

/// What every target needs around libFuzzer's callback: the input as bytes, a scratch file for parsers
/// that read paths, and a way to wait for async parsers from the synchronous callback.
public enum FuzzInput {
    /// libFuzzer's callback: the input, valid only during the call.
    public typealias Target = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Hands the process to libFuzzer with `target`. It is called from each target's top-level code: SwiftPM
    /// makes that the program's `main` on Linux, so libFuzzer's own `main` is not linked and its driver is
    /// started here instead.
    public static func run(_ target: Target) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, target))
    }

    /// The input as an array (libFuzzer's buffer is only valid during the call).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
        guard let data else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: count))
    }

    /// A file holding `bytes`, in this process's own scratch folder (on tmpfs where there is one), for
    /// readers that take a path. One per process: libFuzzer calls the target from one thread.
    public static func file(_ bytes: [UInt8]) -> String {
        _ = FileManager.default.createFile(atPath: scratch, contents: Data(bytes))
        return scratch
    }

    private static let scratch: String = {
        let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return "\(folder)/nitroforge-fuzz-\(getpid())"
    }()

    /// Runs `body` to its end and waits: libFuzzer's callback is synchronous, the ESDK decoder is not.
    public static func wait(_ body: @escaping @Sendable () async -> Void) {
        let done = DispatchSemaphore(value: 0)
        Task {
            await body()
            done.signal()
        }
        done.wait()
    }
}
