import Foundation
import XCTest
@testable import NitroForgeGen

/// The variables Terraform asks for (no default, no value in nitroforge.auto.tfvars.json) are exactly what
/// only the deploy knows: the artifacts' SHA-256, and the PCRs while the image is not measured yet.
final class TerraformVariablesTests: XCTestCase {
    private struct Variable {
        let name: String
        let block: String
        var hasDefault: Bool { block.contains("\n  default ") }
        var hasValidation: Bool { block.contains("\n  validation {") }
        var type: String? { block.components(separatedBy: "\n").first { $0.hasPrefix("  type ") }?.components(separatedBy: "= ").last }
        var description: String { block.components(separatedBy: "\n").first { $0.hasPrefix("  description ") } ?? "" }
    }

    private func variables(_ files: [GeneratedFile]) throws -> [Variable] {
        let text = try XCTUnwrap(files.first { $0.path == "variables.tf" }).contents
        return text.components(separatedBy: "\nvariable \"").dropFirst().map { chunk in
            let name = String(chunk.prefix { $0 != "\"" })
            return Variable(name: name, block: chunk.components(separatedBy: "\n}\n").first ?? chunk)
        }
    }

    private func tfvarNames(_ files: [GeneratedFile]) throws -> Set<String> {
        let file = try XCTUnwrap(files.first { $0.path == "nitroforge.auto.tfvars.json" })
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(file.contents.utf8)) as? [String: Any])
        return Set(object.keys)
    }

    private func askedFor(_ files: [GeneratedFile]) throws -> [Variable] {
        let supplied = try tfvarNames(files)
        return try variables(files).filter { !$0.hasDefault && !supplied.contains($0.name) }
    }

    func testOnlyDeployInputsAreLeftUnset() throws {
        let expected: [String: Set<String>] = [
            "inference": ["enclave_pcr0", "eif_sha256", "bundle_sha256"],
            "training": ["enclave_pcr0", "enclave_pcr8", "eif_sha256", "bundle_sha256"],
            "existing-vpc": ["enclave_pcr0", "eif_sha256", "bundle_sha256"],
        ]
        for example in TestEnvironment.examples {
            let asked = try askedFor(TestEnvironment.generate(example))
            XCTAssertEqual(Set(asked.map(\.name)), expected[example], example)
            for variable in asked {
                XCTAssertEqual(variable.type, "string", "\(example): \(variable.name)")
                XCTAssertTrue(variable.hasValidation, "\(example): \(variable.name) is not validated")
                XCTAssertTrue(variable.description.contains("pass it with -var") || variable.description.contains("Pass it with -var"),
                              "\(example): \(variable.name)'s description does not say how it is supplied: \(variable.description)")
            }
        }
        let measured = try Generator(templates: .bundled()).files(for: SampleDeployment.inference)
        XCTAssertEqual(Set(try askedFor(measured).map(\.name)), ["eif_sha256", "bundle_sha256"], "with measurements, PCR0 comes from the tfvars")
    }

    func testEveryVariableIsTypedAndSaysWhatSuppliesIt() throws {
        for example in TestEnvironment.examples {
            let files = try TestEnvironment.generate(example)
            let all = try variables(files)
            XCTAssertGreaterThanOrEqual(all.count, 11, example)
            let supplied = try tfvarNames(files)
            for variable in all {
                XCTAssertNotNil(variable.type, "\(example): \(variable.name) has no type")
                let says = ["From the spec (", "-var", "nitroforge's default"].contains { variable.description.contains($0) }
                XCTAssertTrue(says, "\(example): \(variable.name)'s description does not say what supplies it: \(variable.description)")
                if variable.description.contains("From the spec (") || variable.description.contains("nitroforge's default") {
                    XCTAssertTrue(supplied.contains(variable.name), "\(example): \(variable.name) says the spec supplies it, but the tfvars do not")
                }
            }
        }
    }
}
