/// The three customer-managed keys and the file each one's key policy is written to under `policies/`.
public enum KeyRole: String, CaseIterable, Sendable, Codable, Hashable {
    case data = "data-key"
    case results = "results-key"
    case storage = "storage-key"

    public var fileName: String { rawValue + ".json" }
}
