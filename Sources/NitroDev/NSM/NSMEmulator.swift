import Attestation
import Crypto
import Foundation
import NitroFormats

/// A Nitro Secure Module for development machines, behind the same `NSMTransport` as `/dev/nsm`: it decodes
/// the driver's CBOR requests and answers as the NSM API defines, signing attestation documents with a
/// `DevelopmentCA` leaf. Its documents verify only against the development root. Never linked into a runtime.
public final class NSMEmulator: NSMTransport, @unchecked Sendable {
    public static let pcrCount = 32
    /// PCRs the platform sets and locks before the enclave runs (image, kernel, application, role, instance, signer).
    public static let platformPCRs: Set<Int> = [0, 1, 2, 3, 4, 8]
    /// Documents carry PCRs 0-15, as real ones do.
    public static let attestedPCRs = 0..<16

    public let ca: DevelopmentCA
    public let moduleID: String
    private let clock: @Sendable () -> Date
    private let lock = NSLock()
    private var pcrs: [[UInt8]]
    private var locked: Set<Int>

    /// - Parameters:
    ///   - pcrs: values for the platform PCRs (from an EIF's measurements); unset ones are zero, as in debug mode.
    ///   - instanceID: the parent instance id; PCR4 is derived from it as on AWS unless `pcrs` sets it.
    ///   - clock: the time documents are stamped with.
    public init(ca: DevelopmentCA, pcrs initial: [Int: [UInt8]] = [:], instanceID: String = "i-0de0de0de0de0de0d",
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.ca = ca
        self.clock = clock
        moduleID = "\(instanceID)-enc\(Hex.encode((0..<8).map { _ in UInt8.random(in: 0...255) }))"
        var values = [[UInt8]](repeating: [UInt8](repeating: 0, count: 48), count: Self.pcrCount)
        values[4] = Array(SHA384.hash(data: [UInt8](repeating: 0, count: 48) + Array(instanceID.utf8)))
        for (index, value) in initial where values.indices.contains(index) { values[index] = value }
        pcrs = values
        locked = Self.platformPCRs
    }

    /// The current value of a PCR.
    public func pcr(_ index: Int) -> [UInt8] {
        lock.withLock { pcrs[index] }
    }

    public func exchange(_ request: [UInt8]) throws(NSMError) -> [UInt8] {
        guard request.count <= NSMLimits.maxRequestBytes else { throw .requestTooLarge(request.count) }
        let response: NSMResponse
        do {
            let decoded = try CBORDecoder(limits: .init(maxInputBytes: NSMLimits.maxRequestBytes, maxDepth: 4)).decode(request)
            response = try handle(try NSMRequest(cbor: decoded))
        } catch let error as NSMError {
            if case .module(let code) = error { response = .error(code) } else { response = .error(.invalidArgument) }
        } catch {
            response = .error(.invalidArgument)
        }
        return CBOREncoder.encode(response.cbor)
    }

    private func handle(_ request: NSMRequest) throws -> NSMResponse {
        try lock.withLock { () throws -> NSMResponse in
            switch request {
            case .describePCR(let index):
                let slot = try checkedIndex(index)
                return .describePCR(locked: locked.contains(slot), data: pcrs[slot])
            case .extendPCR(let index, let data):
                let slot = try checkedIndex(index)
                guard !locked.contains(slot) else { throw NSMError.module(.readOnlyIndex) }
                pcrs[slot] = Array(SHA384.hash(data: pcrs[slot] + data))
                return .extendPCR(data: pcrs[slot])
            case .lockPCR(let index):
                locked.insert(try checkedIndex(index))
                return .lockPCR
            case .lockPCRs(let range):
                guard Int(range) <= Self.pcrCount else { throw NSMError.module(.invalidIndex) }
                locked.formUnion(0..<Int(range))
                return .lockPCRs
            case .describeNSM:
                return .describeNSM(NSMDescription(versionMajor: 1, versionMinor: 0, versionPatch: 0, moduleID: moduleID,
                                                   maxPCRs: UInt16(Self.pcrCount), lockedPCRs: locked.map(UInt16.init).sorted(),
                                                   digest: "SHA384"))
            case .getRandom:
                var generator = SystemRandomNumberGenerator()
                return .getRandom(random: (0..<256).map { _ in UInt8.random(in: 0...255, using: &generator) })
            case .attestation(let userData, let nonce, let publicKey):
                return .attestation(document: try attest(userData: userData, nonce: nonce, publicKey: publicKey))
            }
        }
    }

    private func checkedIndex(_ index: UInt16) throws -> Int {
        guard Int(index) < Self.pcrCount else { throw NSMError.module(.invalidIndex) }
        return Int(index)
    }

    private func attest(userData: [UInt8]?, nonce: [UInt8]?, publicKey: [UInt8]?) throws -> [UInt8] {
        let bounds = AttestationDocument.Bounds.self
        guard (userData?.count ?? 0) <= bounds.userDataLength.upperBound, (nonce?.count ?? 0) <= bounds.nonceLength.upperBound,
              (publicKey?.count ?? 0) <= bounds.publicKeyLength.upperBound
        else { throw NSMError.module(.inputTooLarge) }
        let document = AttestationDocument(
            moduleID: moduleID, timestamp: UInt64(clock().timeIntervalSince1970 * 1000),
            pcrs: Dictionary(uniqueKeysWithValues: Self.attestedPCRs.map { ($0, pcrs[$0]) }),
            certificate: try ca.leafDER(), cabundle: try ca.cabundle(),
            publicKey: publicKey, userData: userData, nonce: nonce)
        return try COSESign1.sign(payload: CBOREncoder.encode(document.payload), with: ca.leafKey).encoded()
    }
}
