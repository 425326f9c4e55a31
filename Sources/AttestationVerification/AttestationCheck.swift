import Attestation
import Foundation
import NitroFormats

/// A complete, fail-closed verification as `nitroforge verify-attestation` runs it: input decoding (raw
/// CBOR or base64), authenticity against the root, then the expectations; without expected PCRs it
/// fails unless `authenticityOnly` says that authenticity alone is wanted.
public struct AttestationCheck: Sendable {
    /// The verdict: verified, or refused with the reason (a document that does not parse is refused like
    /// a forged one: either way nothing in it may be believed).
    public enum Outcome: Sendable, Equatable {
        case verified
        case refused(String)
    }

    public var verifier: AttestationVerifier
    public var time: Date
    public var expectations: AttestationExpectations
    public var authenticityOnly: Bool

    public init(verifier: AttestationVerifier, time: Date, expectations: AttestationExpectations, authenticityOnly: Bool) {
        self.verifier = verifier
        self.time = time
        self.expectations = expectations
        self.authenticityOnly = authenticityOnly
    }

    /// Runs every check on a file's contents; the report carries the decoded document whenever it parses.
    public func run(fileContents: [UInt8]) async -> (Outcome, AttestationReport) {
        guard let bytes = Self.documentBytes(fileContents) else {
            let reason = "input is neither a CBOR COSE_Sign1 document nor base64 of one"
            return (.refused(reason), AttestationReport(document: nil, failure: reason))
        }
        let signed: SignedAttestation
        do { signed = try SignedAttestation(bytes: bytes) } catch {
            return (.refused(error.description), AttestationReport(document: nil, failure: error.description))
        }
        do {
            try await verifier.verify(signed, at: time, expecting: expectations)
        } catch {
            return (.refused(error.description), AttestationReport(document: signed.document, failure: error.description))
        }
        if expectations.pcrs.isEmpty && !authenticityOnly {
            let reason = "the document is authentic, but no PCR value was expected and accepting any enclave was not asked for"
            return (.refused(reason), AttestationReport(document: signed.document, failure: reason))
        }
        return (.verified, AttestationReport(document: signed.document, failure: nil))
    }

    /// Raw CBOR (starts with an array or tag 18 head) as is; otherwise standard base64, line breaks allowed.
    static func documentBytes(_ contents: [UInt8]) -> [UInt8]? {
        if let first = contents.first, first == 0x84 || first == 0xD2 { return contents }
        let text = String(decoding: contents.filter { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }, as: UTF8.self)
        guard let data = Data(base64Encoded: text), !data.isEmpty else { return nil }
        return Array(data)
    }
}
