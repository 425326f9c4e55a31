import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Progress for long work, on standard error, so standard output stays clean for `--json` and pipes.
/// On a terminal it redraws one line; elsewhere it prints a line at each step and at most every 10%.
final class ProgressReporter: @unchecked Sendable {
    private let label: String
    private let total: Int64?
    private let isTerminal: Bool
    private let enabled: Bool
    private var done: Int64 = 0
    private var lastShownPercent = -1

    /// - Parameters:
    ///   - label: what is being done, e.g. "encrypting".
    ///   - total: the number of bytes (or items) expected, when known.
    ///   - enabled: false for `--json` or `--quiet` runs.
    init(_ label: String, total: Int64? = nil, enabled: Bool = true) {
        self.label = label
        self.total = total
        self.enabled = enabled
        self.isTerminal = isatty(STDERR_FILENO) == 1
    }

    /// Prints a one-off step ("building customer ramdisk").
    func step(_ message: String) {
        guard enabled else { return }
        write("\(label): \(message)\n")
    }

    /// Adds `count` units of finished work and redraws.
    func advance(by count: Int64) {
        guard enabled else { return }
        done += count
        guard let total, total > 0 else { return }
        let percent = Int(min(100, done * 100 / total))
        if isTerminal {
            guard percent != lastShownPercent else { return }
            let width = 30
            let filled = width * percent / 100
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            write("\r\(label) [\(bar)] \(percent)% \(Self.size(done))/\(Self.size(total))")
        } else if percent / 10 != lastShownPercent / 10 {
            write("\(label): \(percent)%\n")
        }
        lastShownPercent = percent
    }

    /// Ends the progress line.
    func finish() {
        guard enabled else { return }
        if isTerminal, total != nil { write("\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func size(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
