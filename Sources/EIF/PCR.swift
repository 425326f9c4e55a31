import BulkDigest
import Crypto
import NitroFormats

/// A platform configuration register value as Nitro reports it: 48 bytes, shown as lower-case hex.
public struct PCRValue: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }

    /// `extend` of a fresh register: SHA384(48 zero bytes ‖ digest), as the NSM and
    /// `tpm_extend_finalize_reset` compute it.
    public static func extending(digest: some Sequence<UInt8>) -> PCRValue {
        var hasher = SHA384()
        hasher.update(data: [UInt8](repeating: 0, count: 48))
        hasher.update(data: Array(digest))
        return PCRValue(bytes: Array(hasher.finalize()))
    }

    /// The measurement of `data` (`nitro-cli pcr --input`): extend(SHA384(data)).
    public static func measuring(_ data: some Sequence<UInt8>) -> PCRValue {
        extending(digest: SHA384.hash(data: Array(data)))
    }
}

/// A running PCR measurement over streamed bytes: a plain SHA-384 extended once at the end
/// (`EifHasher::new_without_cache`; the block-chaining cache mode is not used for PCRs). The bulk hash
/// runs on the system libcrypto (`SHA384Stream` says why).
struct PCRMeasurement: Sendable {
    private let hasher = SHA384Stream()

    init() {}

    func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bytes)
    }

    /// The register value; call once, at the end.
    func finalize() -> PCRValue {
        PCRValue.extending(digest: hasher.finalize().bytes)
    }
}

/// PCR0, PCR1 and PCR2 of an image (and PCR8 when signed), computed from the section payloads:
/// PCR0 = kernel ‖ cmdline ‖ every ramdisk, PCR1 = kernel ‖ cmdline ‖ first ramdisk,
/// PCR2 = every ramdisk after the first.
public struct EIFMeasurements: Sendable, Equatable {
    public var pcr0: PCRValue
    public var pcr1: PCRValue
    public var pcr2: PCRValue
    public var pcr8: PCRValue?

    public init(pcr0: PCRValue, pcr1: PCRValue, pcr2: PCRValue, pcr8: PCRValue? = nil) {
        self.pcr0 = pcr0
        self.pcr1 = pcr1
        self.pcr2 = pcr2
        self.pcr8 = pcr8
    }
}
