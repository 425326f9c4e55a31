/// Why a bundle could not be made: what was wrong and with which file.
public struct BundleError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
