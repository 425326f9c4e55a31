import Foundation

/// The committed example files the tests read (from the checkout, never from outside it).
enum Examples {
    static func url(_ path: String) -> URL {
        ExampleExecutable.repo.appendingPathComponent("examples").appendingPathComponent(path)
    }

    static func data(_ path: String) throws -> Data {
        try Data(contentsOf: url(path))
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: url(path), encoding: .utf8)
    }

    /// Rearranges a CSV without quoted fields: the columns in the order `order` gives (indexes of the original).
    static func reorderColumns(_ csv: String, _ order: [Int]) -> String {
        csv.split(separator: "\n").map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return order.map { String(fields[$0]) }.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }
}
