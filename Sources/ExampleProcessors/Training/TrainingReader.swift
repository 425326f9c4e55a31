/// Reads a training CSV as it arrives into a `TrainingSet`: a label column (0 or 1) and the feature columns,
/// which are every other column in header order unless a list names them.
public struct TrainingReader: Sendable {
    /// The name of the label column.
    public let labelColumn: String
    private let requestedFeatures: [String]?
    private var parser = CSVParser()
    private var features: ColumnSelection?
    private var label: ColumnSelection?
    private var values: [Double] = []
    private var labels: [Double] = []

    /// - Parameters:
    ///   - features: the feature columns, in the model's order; nil for every column but the label.
    ///   - labelColumn: the column holding 0 or 1.
    /// - Throws: `ModelError` for an empty or repeated name, `TrainingError.labelIsFeature`.
    public init(features: [String]? = nil, labelColumn: String = "label") throws {
        if let features {
            try LogisticModel.validateFeatureNames(features)
            if features.contains(labelColumn) { throw TrainingError.labelIsFeature(labelColumn) }
        }
        requestedFeatures = features
        self.labelColumn = labelColumn
    }

    /// Reads more input.
    /// - Throws: `CSVError`, `InputError`, `ModelError` (header names) or `TrainingError`.
    public mutating func consume(_ bytes: some Sequence<UInt8>) throws {
        try read(try parser.consume(bytes))
    }

    /// Ends the input and returns the rows read.
    /// - Throws: `InputError.noHeader`, `TrainingError.noRows`, or what `consume` throws.
    public mutating func finish() throws -> TrainingSet {
        try read(try parser.finish())
        guard let features else { throw InputError.noHeader }
        guard !labels.isEmpty else { throw TrainingError.noRows }
        return TrainingSet(features: features.names, values: values, labels: labels)
    }

    private mutating func read(_ records: [CSVRecord]) throws {
        for record in records {
            guard let features, let label else {
                try readHeader(record)
                continue
            }
            labels.append(try NumericValue.label(record.fields[label.indexes[0]], line: record.line, column: labelColumn))
            try features.appendValues(of: record, to: &values)
        }
    }

    private mutating func readHeader(_ header: CSVRecord) throws {
        label = try ColumnSelection(header: header, names: [labelColumn], role: .label)
        let names = requestedFeatures ?? header.fields.filter { $0 != labelColumn }
        guard !names.isEmpty else { throw TrainingError.noFeatureColumns(line: header.line) }
        try LogisticModel.validateFeatureNames(names)
        features = try ColumnSelection(header: header, names: names, role: .feature)
    }
}
