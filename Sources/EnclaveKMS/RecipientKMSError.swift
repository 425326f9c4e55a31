/// Why a `Recipient` answer from KMS was refused, or a call has no `Recipient` form.
public enum RecipientKMSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The answer carried `Plaintext` although the request named a recipient: operation name.
    case plaintextInResponse(String)
    /// The answer lacks `CiphertextForRecipient`: operation name.
    case missingCiphertextForRecipient(String)
    /// KMS offers no `Recipient` parameter for this operation, so its answer could not stay in the enclave.
    case noRecipientForm(String)

    public var description: String {
        switch self {
        case .plaintextInResponse(let operation):
            return "KMS \(operation) answered with Plaintext to a Recipient request; refusing it (KMS never does this)"
        case .missingCiphertextForRecipient(let operation):
            return "KMS \(operation) answered without CiphertextForRecipient"
        case .noRecipientForm(let operation):
            return "KMS \(operation) has no Recipient form; inside the enclave a KMS keyring uses one key (its generator)"
        }
    }
}
