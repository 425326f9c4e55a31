import Foundation
import Envelope
import JobProtocol

/// Decides, from the message header alone and before any KMS call, whether the enclave may open a
/// message, then hands the decision to the default materials manager over a KMS keyring that names only
/// the data key (strict mode: KMS must answer with that exact key).
///
/// Refused: an encrypted data key that is not `aws-kms` under the data key (the host could add a raw key
/// it knows), more than `maxEncryptedDataKeys`, a context whose `nitroforge:app` is not this enclave's,
/// whose `nitroforge:job` is not the job the host named (an object swapped in from another job), whose
/// purpose is not the request's, or that contradicts a pair the host expects. A model is bound to the app
/// and its purpose only (one model serves every job), so `jobID` is nil for it.
struct InputAdmission: CryptographicMaterialsManager {
    let underlying: any CryptographicMaterialsManager
    let app: String
    let dataKeyARN: String
    let jobID: String?
    let purpose: JobEncryptionContext.Purpose
    let expectedContext: [String: String]
    let maxEncryptedDataKeys: Int
    /// Receives the admitted message's stored context (the result carries its tenant).
    let admitted: AdmittedContext

    func encryptionMaterials(_ request: EncryptionMaterialsRequest) async throws -> EncryptionMaterials {
        throw InputRefusal("the input admission encrypts nothing")
    }

    func decryptionMaterials(_ request: DecryptionMaterialsRequest) async throws -> DecryptionMaterials {
        let keys = request.encryptedDataKeys
        guard keys.count <= maxEncryptedDataKeys else {
            throw InputRefusal("\(keys.count) encrypted data keys, more than the \(maxEncryptedDataKeys) allowed")
        }
        for (index, key) in keys.enumerated() {
            guard key.providerID == KMSKeyring.providerID else {
                throw InputRefusal("encrypted data key \(index + 1) is from provider \"\(key.providerID.prefix(64))\", not aws-kms")
            }
            guard String(decoding: key.providerInfo, as: UTF8.self) == dataKeyARN else {
                throw InputRefusal("encrypted data key \(index + 1) is not under the data key \(dataKeyARN)")
            }
        }
        let context = request.storedEncryptionContext
        func require(_ name: String, _ value: String) throws {
            guard let stored = context[name] else { throw InputRefusal("the encryption context has no \(name)") }
            guard stored == value else { throw InputRefusal("\(name) is \"\(stored.prefix(128))\", not \"\(value.prefix(128))\"") }
        }
        try require(JobEncryptionContext.app, app)
        if let jobID { try require(JobEncryptionContext.job, jobID) }
        try require(JobEncryptionContext.purpose, purpose.rawValue)
        for (name, value) in expectedContext.sorted(by: { $0.key < $1.key }) { try require(name, value) }
        let materials = try await underlying.decryptionMaterials(request)
        admitted.record(context)
        return materials
    }
}

/// The context of the message the admission let through, read once the header has been admitted.
final class AdmittedContext: @unchecked Sendable {
    private let lock = NSLock()
    private var context: [String: String] = [:]

    func record(_ context: [String: String]) { lock.withLock { self.context = context } }

    /// The input's `nitroforge:tenant` (from the submitter's token), which the result must carry too.
    var tenant: String? { lock.withLock { context[JobEncryptionContext.tenant] } }
}

/// The input is not one this enclave may open.
struct InputRefusal: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
