import CNitroLibCrypto
import Crypto
import NitroFormats

/// A streaming SHA-384 computed by the system libcrypto.
///
/// swift-crypto's SwiftPM build of BoringSSL has no assembly for SHA-384/512 (profiles show
/// `sha512_block_data_order_nohw`), which held SHA-384 over a multi-gigabyte ramdisk or a whole signed
/// message to about half of OpenSSL's speed on the same core. The few places that hash bulk data with
/// SHA-384 (PCR0/1/2 and the ESDK footer signature) use this type; everything else keeps swift-crypto.
public final class SHA384Stream: @unchecked Sendable {
    // Owned by one caller at a time; `@unchecked` because the context is a C pointer.
    private let context: OpaquePointer
    private var finished = false

    public init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha384(), nil) == 1 else {
            fatalError("libcrypto could not start a SHA-384 digest (out of memory)")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(!finished, "SHA384Stream.update after finalize")
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    public func update(_ bytes: some Sequence<UInt8>) {
        Array(bytes).withUnsafeBytes { update($0) }
    }

    /// The digest of everything passed to `update`; the stream cannot be used afterwards.
    public func finalize() -> SHA384Value {
        precondition(!finished, "SHA384Stream.finalize called twice")
        finished = true
        var bytes = [UInt8](repeating: 0, count: SHA384Value.byteCount)
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &bytes, &length) == 1, Int(length) == SHA384Value.byteCount else {
            fatalError("libcrypto could not finish a SHA-384 digest")
        }
        return SHA384Value(bytes: bytes)
    }
}

/// A SHA-384 digest from `SHA384Stream`, usable wherever swift-crypto takes a `Digest` (ECDSA P-384
/// signing and verification of a prehashed message).
public struct SHA384Value: Digest, CustomStringConvertible {
    public static let byteCount = 48

    public let bytes: [UInt8]

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    public func makeIterator() -> IndexingIterator<[UInt8]> { bytes.makeIterator() }

    public var description: String {
        "SHA384Value(" + Hex.encode(bytes) + ")"
    }
}
