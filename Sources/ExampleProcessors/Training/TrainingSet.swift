/// Rows to train on, kept as numbers only (row-major), because gradient descent reads them every epoch.
public struct TrainingSet: Sendable {
    /// Feature names, in the order of each row's values.
    public let features: [String]
    /// `rowCount × features.count` values, row after row.
    public let values: [Double]
    /// One label per row, 0 or 1.
    public let labels: [Double]

    public var rowCount: Int { labels.count }

    init(features: [String], values: [Double], labels: [Double]) {
        precondition(values.count == labels.count * features.count, "one value per feature per row")
        self.features = features
        self.values = values
        self.labels = labels
    }
}
