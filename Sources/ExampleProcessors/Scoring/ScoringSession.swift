import Foundation

/// Scores CSV as it arrives: the header names the model's features (in any order, other columns ignored),
/// and each row gives one output line, in order, so output can be written while input is still being read.
///
/// Output is CSV with the header `score` and one probability per input row, printed with exactly six decimals.
public struct ScoringSession: Sendable {
    public let model: LogisticModel
    private var parser = CSVParser()
    private var columns: ColumnSelection?
    private var values: [Double] = []
    /// Rows scored so far.
    public private(set) var rowCount = 0

    public init(model: LogisticModel) {
        self.model = model
        values.reserveCapacity(model.features.count)
    }

    /// Reads more input; returns the output text for the rows it completes (the `score` header first).
    /// - Throws: `CSVError` or `InputError`; the session must not be used after an error.
    public mutating func consume(_ bytes: some Sequence<UInt8>) throws -> String {
        try score(try parser.consume(bytes))
    }

    /// Ends the input; returns the output for a last row without a line break.
    /// - Throws: `InputError.noHeader` for empty input, or what `consume` throws.
    public mutating func finish() throws -> String {
        let output = try score(try parser.finish())
        guard columns != nil else { throw InputError.noHeader }
        return output
    }

    private mutating func score(_ records: [CSVRecord]) throws -> String {
        var output = ""
        for record in records {
            guard let columns else {
                columns = try ColumnSelection(header: record, names: model.features, role: .feature)
                output += CSVWriter.line(["score"])
                continue
            }
            values.removeAll(keepingCapacity: true)
            try columns.appendValues(of: record, to: &values)
            output += String(format: "%.6f", model.probability(values)) + "\n"
            rowCount += 1
        }
        return output
    }
}

extension ScoringSession {
    /// Scores a whole CSV text at once.
    /// - Throws: `CSVError` or `InputError`.
    public static func score(_ csv: some Sequence<UInt8>, with model: LogisticModel) throws -> String {
        var session = ScoringSession(model: model)
        return try session.consume(csv) + session.finish()
    }
}
