/// The path of a value in the spec, e.g. `kms.administrators[0]`, used in messages and to find locations.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    public let components: [String]

    public init(_ components: [String] = []) {
        self.components = components
    }

    /// Parses a dotted path (`enclave.vcpus`); list indexes are separate components (`kms.administrators.0`).
    public init(dotted: String) {
        self.components = dotted.split(separator: ".").map(String.init)
    }

    public static let root = FieldPath()

    public func appending(_ component: String) -> FieldPath {
        FieldPath(components + [component])
    }

    public func appending(index: Int) -> FieldPath {
        FieldPath(components + [String(index)])
    }

    public var parent: FieldPath? {
        components.isEmpty ? nil : FieldPath(Array(components.dropLast()))
    }

    /// Whether `self` is `other` or inside it.
    public func isWithin(_ other: FieldPath) -> Bool {
        components.starts(with: other.components)
    }

    public var description: String {
        guard !components.isEmpty else { return "(top level)" }
        var text = ""
        for component in components {
            if let index = Int(component) {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? component : "." + component
            }
        }
        return text
    }
}
