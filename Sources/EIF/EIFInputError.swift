/// A build input is wrong (a missing blob, a bad `--cmd`, an unreadable image): says which and why.
public struct EIFInputError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
