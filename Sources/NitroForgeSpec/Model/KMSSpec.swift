/// The three customer-managed keys and who may do what with them.
public struct KMSSpec: Sendable, Hashable, Codable {
    public var rotation: Bool
    public var deletionWindowDays: Int
    /// Key managers: never granted use of the keys. Never empty.
    public var administrators: [String]
    /// Principals that may decrypt results.
    public var resultReaders: [String]
    /// Principal that may encrypt model artifacts under the data key.
    public var modelPublisher: String?

    public init(
        rotation: Bool,
        deletionWindowDays: Int,
        administrators: [String],
        resultReaders: [String],
        modelPublisher: String? = nil
    ) {
        self.rotation = rotation
        self.deletionWindowDays = deletionWindowDays
        self.administrators = administrators
        self.resultReaders = resultReaders
        self.modelPublisher = modelPublisher
    }
}
