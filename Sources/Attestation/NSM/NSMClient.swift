import NitroFormats

/// Typed calls to a Nitro Secure Module over any `NSMTransport`.
public struct NSMClient: Sendable {
    public let transport: any NSMTransport

    public init(transport: any NSMTransport) {
        self.transport = transport
    }

    /// A client for the enclave's `/dev/nsm`.
    public static func device(path: String = NSMDevice.defaultPath) throws(NSMError) -> NSMClient {
        NSMClient(transport: try NSMDevice(path: path))
    }

    /// Sends a request; an `Error` answer becomes `NSMError.module`.
    public func send(_ request: NSMRequest) throws(NSMError) -> NSMResponse {
        let encoded = CBOREncoder.encode(request.cbor)
        guard encoded.count <= NSMLimits.maxRequestBytes else { throw .requestTooLarge(encoded.count) }
        let answer = try transport.exchange(encoded)
        let decoded: CBOR
        do {
            decoded = try CBORDecoder(limits: .init(maxInputBytes: NSMLimits.maxResponseBytes, maxDepth: 8)).decode(answer)
        } catch {
            throw .malformed("response: \(error)")
        }
        let response = try NSMResponse(cbor: decoded)
        if case .error(let code) = response { throw .module(code) }
        return response
    }

    /// A signed attestation document (COSE_Sign1 bytes) carrying the given optional fields.
    public func attestation(userData: [UInt8]? = nil, nonce: [UInt8]? = nil, publicKey: [UInt8]? = nil) throws(NSMError) -> [UInt8] {
        guard case .attestation(let document) = try send(.attestation(userData: userData, nonce: nonce, publicKey: publicKey)) else {
            throw .unexpectedResponse("to Attestation")
        }
        return document
    }

    public func describePCR(_ index: UInt16) throws(NSMError) -> (locked: Bool, value: [UInt8]) {
        guard case .describePCR(let locked, let data) = try send(.describePCR(index: index)) else {
            throw .unexpectedResponse("to DescribePCR")
        }
        return (locked, data)
    }

    /// Extends PCR `index` with `data` and returns its new value.
    public func extendPCR(_ index: UInt16, with data: [UInt8]) throws(NSMError) -> [UInt8] {
        guard case .extendPCR(let value) = try send(.extendPCR(index: index, data: data)) else {
            throw .unexpectedResponse("to ExtendPCR")
        }
        return value
    }

    public func lockPCR(_ index: UInt16) throws(NSMError) {
        guard case .lockPCR = try send(.lockPCR(index: index)) else { throw .unexpectedResponse("to LockPCR") }
    }

    /// Locks PCRs `0..<range`.
    public func lockPCRs(range: UInt16) throws(NSMError) {
        guard case .lockPCRs = try send(.lockPCRs(range: range)) else { throw .unexpectedResponse("to LockPCRs") }
    }

    public func describeNSM() throws(NSMError) -> NSMDescription {
        guard case .describeNSM(let description) = try send(.describeNSM) else { throw .unexpectedResponse("to DescribeNSM") }
        return description
    }

    /// Entropy from the module.
    public func random() throws(NSMError) -> [UInt8] {
        guard case .getRandom(let random) = try send(.getRandom) else { throw .unexpectedResponse("to GetRandom") }
        return random
    }
}
