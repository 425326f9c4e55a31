import ExampleProcessors
import Foundation
import XCTest

final class TrainingTests: XCTestCase {
    /// Points on a grid, labelled by which side of the line x + 2y = 1 they are on, none within 0.3 of it.
    private func separableCSV() -> (csv: String, labels: [Int]) {
        var lines = ["x,y,label"]
        var labels: [Int] = []
        for i in -4...4 {
            for j in -4...4 {
                let x = Double(i) * 0.5, y = Double(j) * 0.5
                let side = x + 2 * y - 1
                guard abs(side) > 0.3 else { continue }
                labels.append(side > 0 ? 1 : 0)
                lines.append("\(x),\(y),\(labels.last!)")
            }
        }
        return (lines.joined(separator: "\n") + "\n", labels)
    }

    /// Whether each row's score, computed here from the model's JSON, is on the side of 0.5 its label says.
    private func misclassified(csv: String, model: LogisticModel, labels: [Int]) throws -> Int {
        let scores = try Independent.scores(csv: csv, model: try Independent.model(json: model.encodedJSON()))
        XCTAssertEqual(scores.count, labels.count)
        return zip(scores, labels).filter { score, label in (Double(score)! > 0.5) != (label == 1) }.count
    }

    func testSeparableDataIsClassifiedCorrectlyAndTheLossDecreases() throws {
        let (csv, labels) = separableCSV()
        XCTAssertGreaterThan(labels.filter { $0 == 1 }.count, 10)
        XCTAssertGreaterThan(labels.filter { $0 == 0 }.count, 10)
        let result = try LogisticTrainer.train(csv: Data(csv.utf8), parameters: try TrainingParameters())
        XCTAssertEqual(result.model.features, ["x", "y"])
        XCTAssertEqual(try misclassified(csv: csv, model: result.model, labels: labels), 0)
        XCTAssertEqual(result.losses.count, 501)
        XCTAssertEqual(result.losses[0], log(2), accuracy: 1e-12)
        for (before, after) in zip(result.losses, result.losses.dropFirst()) { XCTAssertLessThanOrEqual(after, before + 1e-12) }
        XCTAssertLessThan(result.losses.last!, result.losses[0] / 2)
    }

    func testTrainingIsDeterministic() throws {
        let csv = Data(separableCSV().csv.utf8)
        let parameters = try TrainingParameters(epochs: 50, learningRate: 0.3)
        XCTAssertEqual(try LogisticTrainer.train(csv: csv, parameters: parameters).model.encodedJSON(),
                       try LogisticTrainer.train(csv: csv, parameters: parameters).model.encodedJSON())
    }

    func testTheTrainingExampleFitsAModelThatClassifiesItsRows() throws {
        let csv = try Examples.text("training/sample.csv")
        let labels = csv.split(separator: "\n").dropFirst().map { Int($0.split(separator: ",").last!)! }
        XCTAssertEqual(labels.count, 20)
        let model = try LogisticTrainer.train(csv: Data(csv.utf8), parameters: try TrainingParameters()).model
        XCTAssertEqual(model.features, ["claim_amount_k", "days_to_report", "prior_claims", "policy_age_years"])
        XCTAssertEqual(try misclassified(csv: csv, model: model, labels: labels), 0)
    }

    func testAFeatureListChoosesAndOrdersTheColumns() throws {
        let csv = Data("a,label,b,c\n1,1,2,3\n0,0,1,0\n".utf8)
        let result = try LogisticTrainer.train(csv: csv, features: ["c", "a"], parameters: try TrainingParameters(epochs: 5))
        XCTAssertEqual(result.model.features, ["c", "a"])
        XCTAssertThrowsError(try TrainingReader(features: ["a", "label"])) { error in
            XCTAssertEqual(error as? TrainingError, .labelIsFeature("label"))
        }
    }

    func testBadLabelsAndMissingColumnsAreNamed() throws {
        let parameters = try TrainingParameters()
        XCTAssertThrowsError(try LogisticTrainer.train(csv: Data("x,label\n1,1\n2,2\n".utf8), parameters: parameters)) { error in
            XCTAssertEqual("\(error)", "line 3, column \"label\": \"2\" is not a label (0 or 1)")
        }
        XCTAssertThrowsError(try LogisticTrainer.train(csv: Data("x,y\n1,1\n".utf8), parameters: parameters)) { error in
            guard case InputError.missingColumn("label", .label, 1, ["x", "y"]) = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try LogisticTrainer.train(csv: Data("x,label\n".utf8), parameters: parameters)) { error in
            XCTAssertEqual(error as? TrainingError, .noRows)
        }
        XCTAssertThrowsError(try LogisticTrainer.train(csv: Data("label\n1\n".utf8), parameters: parameters)) { error in
            XCTAssertEqual(error as? TrainingError, .noFeatureColumns(line: 1))
        }
    }

    func testParametersOutsideTheirRangeAreRefused() {
        XCTAssertThrowsError(try TrainingParameters(epochs: 0)) { XCTAssertEqual($0 as? TrainingError, .invalidEpochs(0)) }
        XCTAssertThrowsError(try TrainingParameters(learningRate: -1)) { XCTAssertEqual($0 as? TrainingError, .invalidLearningRate(-1)) }
        XCTAssertThrowsError(try TrainingParameters(learningRate: .nan))
    }
}
