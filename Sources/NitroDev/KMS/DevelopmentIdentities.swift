import Foundation

/// The callers the development KMS knows: each access key's secret and the principal it stands for, as
/// IAM would resolve it (`{"identities": [{"accessKeyId", "secretAccessKey", "principal"}]}`).
public struct DevelopmentIdentities: Sendable {
    public struct Identity: Sendable, Codable, Equatable {
        public var accessKeyId: String
        public var secretAccessKey: String
        /// A role or user ARN (`arn:aws:iam::ACCOUNT:role/NAME`), or an account root (`arn:aws:iam::ACCOUNT:root`).
        public var principal: String

        public init(accessKeyId: String, secretAccessKey: String, principal: String) {
            self.accessKeyId = accessKeyId
            self.secretAccessKey = secretAccessKey
            self.principal = principal
        }
    }

    private struct File: Codable {
        var identities: [Identity]
    }

    public let identities: [Identity]

    public init(_ identities: [Identity]) throws(DevelopmentIdentitiesError) {
        var seen = Set<String>()
        for identity in identities {
            guard seen.insert(identity.accessKeyId).inserted else {
                throw DevelopmentIdentitiesError("access key \(identity.accessKeyId) is listed twice")
            }
            guard identity.principal.hasPrefix("arn:aws:iam::"), identity.principal.split(separator: ":", omittingEmptySubsequences: false).count == 6 else {
                throw DevelopmentIdentitiesError("principal \(identity.principal) of \(identity.accessKeyId) is not an IAM ARN (arn:aws:iam::ACCOUNT:role/NAME, :user/NAME or :root)")
            }
        }
        self.identities = identities
    }

    /// Reads the identities file.
    public static func read(from url: URL) throws(DevelopmentIdentitiesError) -> DevelopmentIdentities {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        } catch {
            throw DevelopmentIdentitiesError("\(url.path): expected {\"identities\": [{\"accessKeyId\", \"secretAccessKey\", \"principal\"}]}: \(error)")
        }
        return try DevelopmentIdentities(file.identities)
    }

    public func identity(accessKeyID: String) -> Identity? {
        identities.first { $0.accessKeyId == accessKeyID }
    }
}

/// An identities file that cannot be used, and why.
public struct DevelopmentIdentitiesError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = "identities: \(description)"
    }
}
