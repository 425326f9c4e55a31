import Foundation
import NitroForgeSpec
import NitroFormats
import XCTest

final class MeasurementsTests: XCTestCase {
    let helloPCR0 = "6be47f8386175bc4853c3b821f9e6fa6f65f8bd73492d1df99ba9dd0d734e11c8941e7415d9167f7d0ea6991790566a7"

    func testReadsNitroCLIOutputLowerCasesHexAndKeepsUnknownKeys() throws {
        let measurements = try Measurements.read(from: FixtureFiles.url("measurements/nitro-cli-hello.json"))
        XCTAssertEqual(measurements.hashAlgorithm, "Sha384 { ... }")
        XCTAssertEqual(measurements.pcr0, helloPCR0)
        XCTAssertNil(measurements.pcr8)
        XCTAssertNil(measurements.eifSizeBytes)
        XCTAssertFalse(measurements.isDebugMode)
        XCTAssertEqual(measurements.otherMeasurements, ["BuildTool": .string("nitro-cli 1.4.2")])
        XCTAssertEqual(measurements.otherKeys, ["Comment": .string("kept as read")])
    }

    func testWriteThenReadGivesTheSameValueAndTheNitroCLIShape() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)/measurements.json")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let original = Measurements(
            pcr0: helloPCR0.uppercased(), pcr1: String(repeating: "a", count: 96), pcr2: String(repeating: "b", count: 96),
            pcr8: String(repeating: "c", count: 96), eifSizeBytes: 12_345_678,
            otherMeasurements: ["Extra": .integer(1)], otherKeys: ["Builder": .string("native")])
        try original.write(to: file)
        XCTAssertEqual(try Measurements.read(from: file), original)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let inner = try XCTUnwrap(json["Measurements"] as? [String: Any])
        XCTAssertEqual(inner["PCR0"] as? String, helloPCR0, "written lower-case")
        XCTAssertEqual(inner["PCR8"] as? String, String(repeating: "c", count: 96))
        XCTAssertEqual(inner["HashAlgorithm"] as? String, "Sha384 { ... }")
        XCTAssertEqual(inner["Extra"] as? Int, 1)
        XCTAssertEqual(json["EIFSizeBytes"] as? Int, 12_345_678)
        XCTAssertEqual(json["Builder"] as? String, "native")
    }

    func testRejectsAShortPCRAndAMissingPCR() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let short = folder.appendingPathComponent("short.json")
        try Data(#"{"Measurements":{"HashAlgorithm":"Sha384 { ... }","PCR0":"abcd","PCR1":"\#(helloPCR0)","PCR2":"\#(helloPCR0)"}}"#.utf8)
            .write(to: short)
        XCTAssertThrowsError(try Measurements.read(from: short)) { error in
            XCTAssertTrue("\(error)".contains("PCR0"), "\(error)")
        }
        let missing = folder.appendingPathComponent("missing.json")
        try Data(#"{"Measurements":{"HashAlgorithm":"Sha384 { ... }","PCR0":"\#(helloPCR0)","PCR1":"\#(helloPCR0)"}}"#.utf8)
            .write(to: missing)
        XCTAssertThrowsError(try Measurements.read(from: missing)) { error in
            XCTAssertTrue("\(error)".contains("Measurements.PCR2"), "\(error)")
        }
    }

    func testAllZeroPCRsAreDebugMode() {
        let zero = String(repeating: "0", count: 96)
        XCTAssertTrue(Measurements(pcr0: zero, pcr1: zero, pcr2: zero).isDebugMode)
        XCTAssertFalse(Measurements(pcr0: helloPCR0, pcr1: zero, pcr2: zero).isDebugMode)
    }
}
