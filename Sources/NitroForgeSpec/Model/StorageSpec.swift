/// The jobs bucket.
public struct StorageSpec: Sendable, Hashable, Codable {
    /// The bucket name, or nil for a name Terraform generates from the spec name.
    public var bucketName: String?
    public var objectLock: ObjectLockSpec?
    public var lifecycleDays: Int
    public var accessLogging: Bool
    public var deleteInputAfterResult: Bool

    public init(
        bucketName: String? = nil,
        objectLock: ObjectLockSpec? = nil,
        lifecycleDays: Int,
        accessLogging: Bool,
        deleteInputAfterResult: Bool
    ) {
        self.bucketName = bucketName
        self.objectLock = objectLock
        self.lifecycleDays = lifecycleDays
        self.accessLogging = accessLogging
        self.deleteInputAfterResult = deleteInputAfterResult
    }
}

/// S3 Object Lock default retention.
public struct ObjectLockSpec: Sendable, Hashable, Codable {
    public enum Mode: String, Sendable, Hashable, Codable {
        case governance = "GOVERNANCE"
        case compliance = "COMPLIANCE"
    }

    public var mode: Mode
    public var retentionDays: Int

    public init(mode: Mode, retentionDays: Int) {
        self.mode = mode
        self.retentionDays = retentionDays
    }
}
