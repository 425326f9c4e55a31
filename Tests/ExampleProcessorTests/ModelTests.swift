import ExampleProcessors
import Foundation
import XCTest

final class ModelTests: XCTestCase {
    private func decode(_ json: String) throws -> LogisticModel {
        try LogisticModel.decode(json: Data(json.utf8))
    }

    private func assertRefused(_ json: String, _ expected: ModelError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try decode(json), file: file, line: line) { error in
            XCTAssertEqual(error as? ModelError, expected, "\(error)", file: file, line: line)
        }
    }

    func testExampleModelDecodesAndEncodesToExactlyItsThreeKeys() throws {
        let model = try LogisticModel.decode(json: try Examples.data("inference/model.json"))
        XCTAssertEqual(model.features, ["amount", "merchant_risk", "foreign", "account_age_days"])
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: model.encodedJSON()) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["features", "weights", "bias"])
        XCTAssertEqual(try LogisticModel.decode(json: model.encodedJSON()), model)
    }

    func testShapeProblemsAreRefusedNamingWhatIsWrong() {
        assertRefused(#"{"features": ["a", "b"], "weights": [1], "bias": 0}"#, .countMismatch(features: 2, weights: 1))
        assertRefused(#"{"features": [], "weights": [], "bias": 0}"#, .noFeatures)
        assertRefused(#"{"features": ["a", "a"], "weights": [1, 2], "bias": 0}"#, .duplicateFeature("a"))
        assertRefused(#"{"features": [""], "weights": [1], "bias": 0}"#, .emptyFeatureName(index: 0))
        assertRefused(#"{"features": ["a"], "weights": [1], "bias": 0, "bais": 1}"#, .unknownKey("bais"))
        assertRefused(#"{"features": ["a"], "weights": [1]}"#, .invalidJSON(path: "", problem: "missing key \"bias\""))
        assertRefused(#"{"features": ["a"], "weights": ["1"], "bias": 0}"#, .invalidJSON(path: "weights[0]", problem: "expected a number"))
    }

    func testNonFiniteNumbersAreRefused() {
        XCTAssertThrowsError(try LogisticModel(features: ["a"], weights: [.nan], bias: 0)) { error in
            XCTAssertEqual(error as? ModelError, .nonFiniteWeight(feature: "a"))
        }
        XCTAssertThrowsError(try LogisticModel(features: ["a"], weights: [1], bias: .infinity)) { error in
            XCTAssertEqual(error as? ModelError, .nonFiniteBias)
        }
    }
}
