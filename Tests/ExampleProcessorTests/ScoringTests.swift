import ExampleProcessors
import Foundation
import XCTest

final class ScoringTests: XCTestCase {
    private func exampleModel() throws -> LogisticModel {
        try LogisticModel.decode(json: try Examples.data("inference/model.json"))
    }

    func testSampleScoresEqualAnIndependentSigmoidToSixDecimals() throws {
        let csv = try Examples.text("inference/sample.csv")
        let expected = try Independent.scores(csv: csv, model: try Independent.model(json: try Examples.data("inference/model.json")))
        XCTAssertEqual(expected.count, 10)
        let lines = try ScoringSession.score(Data(csv.utf8), with: try exampleModel()).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, expected.count + 1)
        XCTAssertEqual(lines.first, "score")
        XCTAssertEqual(Array(lines.dropFirst()), expected)
        // Six decimals exactly, every row.
        for line in lines.dropFirst() { XCTAssertNotNil(line.range(of: #"^[01]\.[0-9]{6}$"#, options: .regularExpression), line) }
    }

    func testColumnOrderDoesNotChangeTheScores() throws {
        let csv = try Examples.text("inference/sample.csv")
        let model = try exampleModel()
        let original = try ScoringSession.score(Data(csv.utf8), with: model)
        let reordered = Examples.reorderColumns(csv, [4, 2, 0, 3, 1])
        XCTAssertNotEqual(reordered, csv)
        XCTAssertEqual(try ScoringSession.score(Data(reordered.utf8), with: model), original)
    }

    func testExtraColumnsAreIgnoredEvenWhenTheyAreNotNumbers() throws {
        let model = try LogisticModel(features: ["x"], weights: [2], bias: -1)
        let plain = "x\n0\n1\n"
        let withExtras = "note,x,merchant\n\"n/a, see \"\"file\"\"\",0,ACME\n\"multi\nline\",1,\n"
        let scores = try ScoringSession.score(Data(plain.utf8), with: model)
        XCTAssertEqual(scores, "score\n\(String(format: "%.6f", Independent.sigmoid(-1)))\n\(String(format: "%.6f", Independent.sigmoid(1)))\n")
        XCTAssertEqual(try ScoringSession.score(Data(withExtras.utf8), with: model), scores)
    }

    func testMissingFeatureColumnErrorNamesTheColumn() throws {
        let csv = Examples.reorderColumns(try Examples.text("inference/sample.csv"), [0, 1, 2, 4])
        XCTAssertThrowsError(try ScoringSession.score(Data(csv.utf8), with: try exampleModel())) { error in
            guard case InputError.missingColumn(let name, .feature, 1, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "merchant_risk")
            XCTAssertTrue("\(error)".hasPrefix("line 1: no column \"merchant_risk\""), "\(error)")
        }
    }

    func testValueThatIsNotANumberIsNamedByLineAndColumn() throws {
        let model = try LogisticModel(features: ["age", "income"], weights: [0.1, 0.2], bias: 0)
        let csv = "age,income\n30,1000\nabc,2000\n"
        XCTAssertThrowsError(try ScoringSession.score(Data(csv.utf8), with: model)) { error in
            XCTAssertEqual("\(error)", "line 3, column \"age\": \"abc\" is not a number")
        }
        XCTAssertThrowsError(try ScoringSession.score(Data("age,income\n30,inf\n".utf8), with: model)) { error in
            XCTAssertEqual(error as? InputError, .notFinite(line: 2, column: "income", value: "inf"))
        }
        XCTAssertThrowsError(try ScoringSession.score(Data("age,income\n30, 1\n".utf8), with: model)) { error in
            XCTAssertEqual(error as? InputError, .notANumber(line: 2, column: "income", value: " 1"))
        }
    }

    func testBlankFinalLineIsNotARowAndCRLFReadsLikeLF() throws {
        let model = try LogisticModel(features: ["x"], weights: [1], bias: 0)
        let expected = "score\n0.500000\n0.731059\n"
        XCTAssertEqual(try ScoringSession.score(Data("x\n0\n1\n".utf8), with: model), expected)
        XCTAssertEqual(try ScoringSession.score(Data("x\n0\n1".utf8), with: model), expected)
        XCTAssertEqual(try ScoringSession.score(Data("x\n0\n1\n\n".utf8), with: model), expected)
        XCTAssertEqual(try ScoringSession.score(Data("x\r\n0\r\n1\r\n".utf8), with: model), expected)
    }

    func testHeaderOnlyGivesOnlyTheScoreHeaderAndEmptyInputIsRefused() throws {
        let model = try LogisticModel(features: ["x"], weights: [1], bias: 0)
        XCTAssertEqual(try ScoringSession.score(Data("x\n".utf8), with: model), "score\n")
        XCTAssertThrowsError(try ScoringSession.score(Data(), with: model)) { error in
            XCTAssertEqual(error as? InputError, .noHeader)
        }
    }

    func testInputFedOneByteAtATimeGivesTheSameOutput() throws {
        let csv = Data(try Examples.text("inference/sample.csv").utf8)
        let model = try exampleModel()
        var session = ScoringSession(model: model)
        var output = ""
        for byte in csv { output += try session.consume([byte]) }
        output += try session.finish()
        XCTAssertEqual(session.rowCount, 10)
        XCTAssertEqual(output, try ScoringSession.score(csv, with: model))
    }
}
