import Foundation
import NitroForgeSpec
import XCTest

/// Runs python-jsonschema (Draft 2020-12) with PyYAML from the test tools on spec files: an
/// implementation of JSON Schema that shares no code with nitroforge.
enum PythonSchemaValidator {
    static let script = """
        import json, sys, yaml
        from jsonschema import Draft202012Validator
        schema = json.load(open(sys.argv[1]))
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema)
        results = []
        for path in sys.argv[2:]:
            document = yaml.safe_load(open(path))
            results.append(sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)))
        print(json.dumps(results))
        """

    /// The schema errors of each file, in order (empty: valid).
    static func validate(_ files: [URL]) throws -> [[String]] {
        guard let tools = ProcessInfo.processInfo.environment["NITROFORGE_TOOLS"], !tools.isEmpty else {
            XCTFail("NITROFORGE_TOOLS is not set: run scripts/test.sh (it installs python-jsonschema and PyYAML)")
            throw CocoaError(.fileNoSuchFile)
        }
        let schemaFile = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-schema-\(UUID().uuidString).json")
        try SpecSchema.text().write(to: schemaFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: schemaFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tools).appendingPathComponent("python")
        process.arguments = ["-c", script, schemaFile.path] + files.map(\.path)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "python-jsonschema failed: \(errorText)")
        return try JSONDecoder().decode([[String]].self, from: data)
    }
}
