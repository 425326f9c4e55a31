import ExampleProcessors
import Foundation

/// Loads the model a command is given, naming the file in any failure (the library does not know it).
enum ModelFile {
    static func load(path: String) throws -> LogisticModel {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure(message: "cannot read model file \(path): \(error.localizedDescription)", status: .otherFailure)
        }
        do {
            return try LogisticModel.decode(json: data)
        } catch {
            throw CommandFailure(message: "\(path): \(error)", status: .invalidInput)
        }
    }
}
