import Foundation
import XCTest
@testable import NitroForgeGen

/// The files the generated Terraform renders with `templatefile()` (boot script, host and producer
/// configuration), rendered by Terraform itself: a literal `${` or `%{` anywhere in them, comments included,
/// stops `terraform validate` and `apply`, so each must be written `$${` / `%%{`.
final class TemplateFileTests: XCTestCase {
    /// Which files each example's Terraform passes to templatefile(): the producer's only when it runs on EC2.
    private let expected: [String: Set<String>] = [
        "inference": ["host/host.yaml", "host/producer.yaml", "host/user-data.sh"],
        "training": ["host/host.yaml", "host/producer.yaml", "host/user-data.sh"],
        "existing-vpc": ["host/host.yaml", "host/user-data.sh"],
    ]

    func testEveryTemplateFileRendersWithTerraformAsWritten() throws {
        let terraform = try Terraform.located()
        for example in TestEnvironment.examples {
            let files = try TestEnvironment.generate(example)
            let calls = TemplateFileCall.all(in: files)
            XCTAssertEqual(Set(calls.map(\.path)), expected[example], "\(example): templatefile() calls")
            for call in calls {
                let template = try XCTUnwrap(files.first { $0.path == call.path }, "\(example): \(call.path) is not generated").contents
                XCTAssertFalse(call.variables.isEmpty, "\(example): \(call.path) gets no variables")
                let rendered = try render(template, as: call, with: terraform)
                XCTAssertEqual(rendered, call.expectedRendering(of: template), "\(example): \(call.path) renders differently from its text")
                for variable in call.variables {
                    XCTAssertTrue(rendered.contains(TemplateFileCall.dummy(variable)), "\(example): \(call.path) never uses \(variable)")
                }
            }
        }
    }

    /// Files nobody renders with templatefile() keep `${` as it is: doubling it there would reach the
    /// operator (host/producer.yaml of an external producer) or a shell (enclave/build-eif.sh) as `$${`.
    func testFilesOutsideTemplateFileAreNotEscaped() throws {
        for example in TestEnvironment.examples {
            let files = try TestEnvironment.generate(example)
            let rendered = Set(TemplateFileCall.all(in: files).map(\.path))
            let others = files.filter { ($0.path.hasPrefix("host/") || $0.path.hasPrefix("enclave/")) && !rendered.contains($0.path) }
            XCTAssertGreaterThanOrEqual(others.count, 8, example)
            for file in others {
                XCTAssertFalse(file.contents.contains("$${") || file.contents.contains("%%{"), "\(example): \(file.path) is escaped but not rendered by templatefile()")
            }
        }
    }

    /// Spec values inside producer.yaml (OIDC issuer and audience, API key names, TLS file paths) reach the
    /// producer as written, even when they contain `${` or `%{`.
    func testSpecValuesWithInterpolationMarkersArriveLiterally() throws {
        let terraform = try Terraform.located()
        var deployment = SampleDeployment.inference
        deployment.producer.auth = .oidc(issuer: "https://issuer.example.com/${tenant}", audience: "api-%{if}", jwksURL: nil, requiredScope: nil)
        deployment.producer.tls = .files(certificateFile: "/etc/pki/${cert}.pem", privateKeyFile: "keys/%{key}.pem")
        let files = try Generator(templates: .bundled()).files(for: deployment)
        let call = try XCTUnwrap(TemplateFileCall.all(in: files).first { $0.path == "host/producer.yaml" })
        let template = try XCTUnwrap(files.first { $0.path == call.path }).contents
        let rendered = try render(template, as: call, with: terraform)
        XCTAssertTrue(rendered.contains("issuer: \"https://issuer.example.com/${tenant}\"\n"), rendered)
        XCTAssertTrue(rendered.contains("audience: \"api-%{if}\"\n"), rendered)
        XCTAssertTrue(rendered.contains("    certificateFile: \"/etc/pki/${cert}.pem\"\n    privateKeyFile: \"keys/%{key}.pem\"\n"), rendered)
    }

    /// What `templatefile(PATH, {each variable = its dummy})` returns, from `terraform console` (base64, so
    /// the console's own string quoting cannot change it).
    private func render(_ template: String, as call: TemplateFileCall, with terraform: Terraform) throws -> String {
        let folder = TestEnvironment.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(call.path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(template.utf8).write(to: file)
        let variables = call.variables.map { "\($0) = \"\(TemplateFileCall.dummy($0))\"" }.joined(separator: ", ")
        let run = try terraform.run(["console"], in: folder, input: "base64encode(templatefile(\"\(call.path)\", { \(variables) }))\n")
        guard run.status == 0 else {
            throw TerraformFailure("templatefile(\"\(call.path)\") failed as Terraform renders it:\n\(run.output)")
        }
        let encoded = run.output.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        let data = try XCTUnwrap(Data(base64Encoded: encoded), "terraform console printed: \(run.output)")
        return String(decoding: data, as: UTF8.self)
    }
}

/// One `templatefile("${path.module}/PATH", { name = ..., ... })` call in the generated Terraform: the file
/// and the variable names the call passes.
struct TemplateFileCall: Hashable {
    let path: String
    let variables: [String]

    static func dummy(_ variable: String) -> String { "value-of-\(variable)" }

    /// Every call in the `.tf` files, read line by line: after the opening line, each `name =` at the call's
    /// own brace depth is a variable (a nested templatefile() is a call of its own).
    static func all(in files: [GeneratedFile]) -> [TemplateFileCall] {
        let opening = try! NSRegularExpression(pattern: #"templatefile\("\$\{path\.module\}/([^"]+)",\s*\{\s*$"#)
        let key = try! NSRegularExpression(pattern: #"^\s*([a-z_][a-z0-9_]*)\s*="#)
        var calls: Set<TemplateFileCall> = []
        for file in files where file.path.hasSuffix(".tf") {
            let lines = file.contents.components(separatedBy: "\n")
            for (index, line) in lines.enumerated() {
                guard let match = opening.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { continue }
                let path = String(line[Range(match.range(at: 1), in: line)!])
                var depth = 1
                var variables: [String] = []
                for next in lines[(index + 1)...] {
                    if depth == 1, let found = key.firstMatch(in: next, range: NSRange(next.startIndex..., in: next)) {
                        variables.append(String(next[Range(found.range(at: 1), in: next)!]))
                    }
                    depth += next.filter { $0 == "{" }.count - next.filter { $0 == "}" }.count
                    if depth <= 0 { break }
                }
                calls.insert(TemplateFileCall(path: path, variables: variables.sorted()))
            }
        }
        return calls.sorted { $0.path < $1.path }
    }

    /// The template with each `${name}` replaced by its dummy and `$${` / `%%{` read as `${` / `%{`: what
    /// templatefile() must return for a file that uses nothing else of Terraform's template language.
    func expectedRendering(of template: String) -> String {
        let dollar = "\u{1}DOLLAR\u{1}", percent = "\u{1}PERCENT\u{1}"
        var text = template.replacingOccurrences(of: "$${", with: dollar).replacingOccurrences(of: "%%{", with: percent)
        for variable in variables { text = text.replacingOccurrences(of: "${\(variable)}", with: Self.dummy(variable)) }
        return text.replacingOccurrences(of: dollar, with: "${").replacingOccurrences(of: percent, with: "%{")
    }
}
