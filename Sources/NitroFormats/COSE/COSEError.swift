/// Why a COSE_Sign1 structure was refused.
public enum COSEError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not valid CBOR.
    case cbor(CBORError)
    /// The CBOR is not a COSE_Sign1 array of four items of the right types; the string names what is wrong.
    case malformed(String)
    /// The protected header names an algorithm other than ES384 (-35).
    case unsupportedAlgorithm(Int64?)
    /// The signature is not 96 bytes of raw r‖s.
    case signatureLength(Int)
    /// The signature does not verify with the given key.
    case signatureInvalid

    public var description: String {
        switch self {
        case .cbor(let error): return "COSE_Sign1: \(error)"
        case .malformed(let what): return "COSE_Sign1: \(what)"
        case .unsupportedAlgorithm(let alg):
            return "COSE_Sign1: algorithm \(alg.map(String.init) ?? "missing") is not ES384 (-35)"
        case .signatureLength(let count): return "COSE_Sign1: signature is \(count) bytes, ES384 needs 96 (raw r||s)"
        case .signatureInvalid: return "COSE_Sign1: signature does not verify with the signer's key"
        }
    }
}
