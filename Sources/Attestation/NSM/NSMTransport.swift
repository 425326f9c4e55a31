/// One request/response exchange with a Nitro Secure Module, in the driver's CBOR encoding. The real
/// device (`NSMDevice`) and the development emulator (`NitroDev.NSMEmulator`) both implement it, so
/// `NSMClient` runs the same code against either.
public protocol NSMTransport: Sendable {
    /// Sends one encoded request and returns the encoded response.
    func exchange(_ request: [UInt8]) throws(NSMError) -> [UInt8]
}

/// Driver limits (aws-nitro-enclaves-nsm-api `src/driver/mod.rs`).
public enum NSMLimits {
    public static let maxRequestBytes = 0x1000
    public static let maxResponseBytes = 0x3000
}
