import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The foreground `dev up`'s one log stream: every child's new lines, each prefixed with its name (in
/// colour on a terminal), until SIGINT or SIGTERM.
struct DevLogFollower {
    let children: [DevChild]
    static let colours = ["\u{1B}[36m", "\u{1B}[33m", "\u{1B}[35m", "\u{1B}[32m", "\u{1B}[34m", "\u{1B}[31m"]

    /// Returns when the user interrupts.
    func follow() async {
        let interrupted = SignalLatch([SIGINT, SIGTERM])
        let colour = isatty(STDOUT_FILENO) == 1
        let width = children.map(\.name.count).max() ?? 0
        var offsets = [Int](repeating: 0, count: children.count)
        var pending = [String](repeating: "", count: children.count)
        while !interrupted.isSet {
            for (index, child) in children.enumerated() {
                guard let handle = FileHandle(forReadingAtPath: child.log) else { continue }
                try? handle.seek(toOffset: UInt64(offsets[index]))
                let data = (try? handle.readToEnd()) ?? Data()
                try? handle.close()
                offsets[index] += data.count
                pending[index] += String(decoding: data, as: UTF8.self)
                while let newline = pending[index].firstIndex(of: "\n") {
                    let line = pending[index][..<newline]
                    let name = child.name.padding(toLength: width, withPad: " ", startingAt: 0)
                    let prefix = colour ? "\(Self.colours[index % Self.colours.count])\(name)\u{1B}[0m" : name
                    FileHandle.standardOutput.write(Data("\(prefix) | \(line)\n".utf8))
                    pending[index] = String(pending[index][pending[index].index(after: newline)...])
                }
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }
}

/// Set once any of the signals arrives (they no longer end the process).
final class SignalLatch: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var set = false

    init(_ signals: [Int32]) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.lock.withLock { self?.set = true } }
            source.resume()
            sources.append(source)
        }
    }

    var isSet: Bool { lock.withLock { set } }
}
