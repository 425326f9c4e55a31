import Envelope
import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
import NitroFormats
#endif

/// `nitroforge-bench envelope [--mib N] [--runs N] [--profile encrypt|decrypt]`: in-memory encrypt and
/// decrypt throughput of ESDK messages with 1 MiB frames on one core (one task, no concurrency), beside
/// `openssl speed -evp aes-256-gcm -bytes 1048576` run from this process, then `nitroforge decrypt` file to
/// file against `aws-encryption-cli --decrypt` (``FileDecryptBenchmark``). Targets for 0x0478: encrypt at
/// least 0.93 and decrypt at least 0.90 of OpenSSL's AES-256-GCM rate. Other load on a shared machine
/// moves single runs by a tenth or more, so each side is measured `--runs` times (default 3) and its best
/// run is kept: OpenSSL's as well as ours. `--profile` runs only that direction of 0x0478, `--runs` times,
/// without OpenSSL, for `perf record` or callgrind.
enum EnvelopeBenchmark {
    static func run(_ arguments: [String]) async throws {
        let mebibytes = try S3Benchmark.option("--mib", in: arguments) ?? 512
        let runs = try S3Benchmark.option("--runs", in: arguments) ?? 3
        var profile: String?
        if let index = arguments.firstIndex(of: "--profile") {
            guard index + 1 < arguments.count, ["encrypt", "decrypt"].contains(arguments[index + 1]) else {
                throw BenchmarkError("--profile needs encrypt or decrypt")
            }
            profile = arguments[index + 1]
        }
        let frame = 1 << 20
        var plaintext = ByteBufferAllocator().buffer(capacity: mebibytes * frame)
        // Pseudo-random content (xorshift64); AES-GCM's speed does not depend on it.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        plaintext.writeWithUnsafeMutableBytes(minimumWritableBytes: mebibytes * frame) { raw in
            let words = raw.bindMemory(to: UInt64.self)
            for index in 0..<(mebibytes * frame / 8) {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                words[index] = state
            }
            return mebibytes * frame
        }
        let client = EnvelopeClient(keyring: try RawAESKeyring(
            keyNamespace: "bench", keyName: "bench", wrappingKey: (0..<32).map { UInt8($0) }))
        let openssl = profile == nil ? try (0..<runs).map { _ in try openSSLSpeed() }.max()! : 1
        print("plaintext \(mebibytes) MiB in memory, 1 MiB frames, one core, best of \(runs) runs")
        if profile == nil {
            print(String(format: "openssl speed -evp aes-256-gcm -bytes 1048576: %.2f GB/s", openssl / 1e9))
        }
        let suites: [AlgorithmSuite] = profile == nil
            ? [.aes256GCMHKDFSHA512CommitKey, .aes256GCMHKDFSHA512CommitKeyECDSAP384] : [.aes256GCMHKDFSHA512CommitKey]
        for suite in suites {
            var options = EncryptOptions()
            options.suite = suite
            options.frameLength = frame
            // The message for the decrypt run, made outside the timed runs.
            var message = ByteBufferAllocator().buffer(capacity: mebibytes * (frame + 64) + 4096)
            for try await part in client.encrypt(separateChunks(of: plaintext, size: frame), options: options) {
                message.writeImmutableBuffer(part)
            }
            let plaintextChunks = separateChunks(of: plaintext, size: frame)
            let messageChunks = separateChunks(of: message, size: frame)
            // Timed runs hand each part to a consumer that only counts it, as a socket or file writer would.
            var encryptSeconds = Double.infinity
            var decryptSeconds = Double.infinity
            if profile != nil { perfControl("enable") }
            defer { if profile != nil { perfControl("disable") } }
            for _ in 0..<runs where profile != "decrypt" {
                var written = 0
                let start = cpuSeconds()
                for try await part in client.encrypt(plaintextChunks, options: options) {
                    written += part.readableBytes
                }
                encryptSeconds = min(encryptSeconds, cpuSeconds() - start)
                // (Signed messages differ by a byte or two: ECDSA signatures vary in DER length.)
                guard abs(written - message.readableBytes) <= 8 else {
                    throw BenchmarkError("a timed run wrote \(written) bytes, not about \(message.readableBytes)")
                }
            }
            for _ in 0..<runs where profile != "encrypt" {
                var read = 0
                let start = cpuSeconds()
                for try await frameBuffer in client.decrypt(messageChunks) {
                    read += frameBuffer.readableBytes
                }
                decryptSeconds = min(decryptSeconds, cpuSeconds() - start)
                guard read == plaintext.readableBytes else {
                    throw BenchmarkError("a timed run read \(read) bytes, not \(plaintext.readableBytes)")
                }
            }
            let bytes = Double(plaintext.readableBytes)
            let measured = suite == .aes256GCMHKDFSHA512CommitKey
            let encryptTarget = measured ? " (target >= 0.93)" : " (no target)"
            let decryptTarget = measured ? " (target >= 0.90)" : " (no target)"
            if let profile {
                let seconds = profile == "encrypt" ? encryptSeconds : decryptSeconds
                print(String(format: "%@ %@: %.2f GB/s (profile run, no OpenSSL)", suite.name, profile, bytes / seconds / 1e9))
                continue
            }
            print(String(format: "%@ encrypt: %.2f GB/s, ratio to openssl %.2f%@", suite.name, bytes / encryptSeconds / 1e9, bytes / encryptSeconds / openssl, encryptTarget))
            print(String(format: "%@ decrypt: %.2f GB/s, ratio to openssl %.2f%@", suite.name, bytes / decryptSeconds / 1e9, bytes / decryptSeconds / openssl, decryptTarget))
        }
        if profile == nil { try await FileDecryptBenchmark.run(plaintext: plaintext) }
    }

    /// With `--profile`, tells `perf record --control fifo:PATH -D -1` (PATH in `NITROFORGE_PERF_FIFO`) to
    /// sample only the timed runs, not the making of their input.
    private static func perfControl(_ command: String) {
        guard let path = ProcessInfo.processInfo.environment["NITROFORGE_PERF_FIFO"],
              let fifo = FileHandle(forWritingAtPath: path) else { return }
        fifo.write(Data((command + "\n").utf8))
        try? fifo.close()
    }

    /// CPU time of this process: `openssl speed` also counts CPU time, so both figures are per core and
    /// unaffected by other load on the machine.
    private static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Runs `openssl speed` and returns its AES-256-GCM rate in bytes per second. It is spawned with an
    /// empty signal mask and SIGALRM at its default: `openssl speed` times itself with SIGALRM, which this
    /// process's threads block, so a child that inherited that mask would never stop.
    private static func openSSLSpeed() throws -> Double {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw BenchmarkError("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, descriptors[1], 1)
        posix_spawn_file_actions_addclose(&actions, descriptors[0])
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGALRM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let arguments = ["openssl", "speed", "-evp", "aes-256-gcm", "-bytes", "1048576", "-seconds", "1"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "openssl", &actions, &attributes, &argv, environ)
        close(descriptors[1])
        let reader = FileHandle(fileDescriptor: descriptors[0], closeOnDealloc: true)
        guard spawned == 0 else { throw BenchmarkError("cannot run openssl: \(String(cString: strerror(spawned)))") }
        let output = String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        guard let line = output.split(separator: "\n").last(where: { $0.lowercased().hasPrefix("aes-256-gcm") }),
              let field = line.split(separator: " ").last, field.hasSuffix("k"), let thousands = Double(field.dropLast())
        else { throw BenchmarkError("could not read the AES-256-GCM rate from `openssl speed`: \(output)") }
        return thousands * 1000
    }
}

/// `buffer` as separate buffers of `size` bytes, as a file or socket reader hands input over (made outside
/// the timed runs; slicing one large buffer would time NIO's copy of slices past 16 MiB instead).
private func separateChunks(of buffer: ByteBuffer, size: Int) -> BufferSequence {
    BufferSequence(chunks: stride(from: 0, to: buffer.readableBytes, by: size).map { start in
        ByteBuffer(bytes: buffer.readableBytesView.dropFirst(start).prefix(size))
    })
}
