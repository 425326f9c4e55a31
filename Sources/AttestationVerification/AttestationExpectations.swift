import Attestation
import NitroFormats

/// What the caller requires of an authentic document. Nothing here is optional in effect: every PCR listed
/// must be present and equal, and a nonce, user data or public key given must match exactly.
public struct AttestationExpectations: Sendable {
    /// PCR index → required value. A listed PCR absent from the document is a failure.
    public var pcrs: [Int: [UInt8]]
    public var nonce: [UInt8]?
    public var userData: [UInt8]?
    public var publicKey: [UInt8]?
    /// Largest accepted age of the document's timestamp at verification time, in seconds.
    public var maxAgeSeconds: Int64?
    /// How far in the future of the verification time the timestamp may be (clock skew), in seconds;
    /// checked together with `maxAgeSeconds`.
    public var allowedClockSkewSeconds: Int64
    /// Accept documents from debug-mode enclaves (PCR0 all zero), whose memory the parent can read.
    public var allowDebugMode: Bool

    public init(
        pcrs: [Int: [UInt8]] = [:], nonce: [UInt8]? = nil, userData: [UInt8]? = nil, publicKey: [UInt8]? = nil,
        maxAgeSeconds: Int64? = nil, allowedClockSkewSeconds: Int64 = 300, allowDebugMode: Bool = false
    ) {
        self.pcrs = pcrs
        self.nonce = nonce
        self.userData = userData
        self.publicKey = publicKey
        self.maxAgeSeconds = maxAgeSeconds
        self.allowedClockSkewSeconds = allowedClockSkewSeconds
        self.allowDebugMode = allowDebugMode
    }

    /// Checks an authenticated document, in the order: debug mode, PCRs (ascending index), nonce, user data,
    /// public key, age.
    public func check(_ document: AttestationDocument, atUnixSeconds now: Int64) throws(AttestationError) {
        if document.isDebugMode && !allowDebugMode { throw .debugMode }
        for index in pcrs.keys.sorted() {
            guard let actual = document.pcrs[index] else { throw .pcrMissing(index: index) }
            let expected = pcrs[index]!
            guard actual == expected else {
                throw .pcrMismatch(index: index, expected: Hex.encode(expected), actual: Hex.encode(actual))
            }
        }
        if let nonce, document.nonce != nonce { throw .mismatch("nonce") }
        if let userData, document.userData != userData { throw .mismatch("user_data") }
        if let publicKey, document.publicKey != publicKey { throw .mismatch("public_key") }
        if let maxAgeSeconds {
            let age = now - Int64(document.timestamp / 1000)
            if age > maxAgeSeconds { throw .age(seconds: age, allowed: maxAgeSeconds) }
            if -age > allowedClockSkewSeconds { throw .age(seconds: age, allowed: allowedClockSkewSeconds) }
        }
    }
}
