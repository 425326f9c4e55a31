import Crypto
import Foundation
import NitroFormats

/// SHA-256 of a file read in 1 MiB pieces: the names artifacts are stored and checked under.
public enum FileDigest {
    public static func sha256(of url: URL) throws -> String {
        guard let input = FileHandle(forReadingAtPath: url.path) else { throw BundleError("cannot read \(url.path)") }
        defer { try? input.close() }
        var digest = SHA256()
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { digest.update(data: chunk) }
        return Hex.encode(Array(digest.finalize()))
    }
}
