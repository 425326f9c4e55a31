/// Why a CMS EnvelopedData was refused or could not be decrypted; `field` is the ASN.1 path of the element.
public struct CMSError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(_ field: String, _ problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String {
        "CMS \(field): \(problem)"
    }
}
