/// Where each needed column sits in the header, found once so rows are read by index.
struct ColumnSelection: Sendable {
    let names: [String]
    let indexes: [Int]

    /// - Throws: `InputError.missingColumn` or `.duplicateColumn`, naming the first such column.
    init(header: CSVRecord, names: [String], role: InputError.ColumnRole) throws {
        var positions: [String: [Int]] = [:]
        for (index, name) in header.fields.enumerated() { positions[name, default: []].append(index) }
        self.names = names
        indexes = try names.map { name in
            guard let found = positions[name] else {
                throw InputError.missingColumn(name: name, role: role, line: header.line, header: header.fields)
            }
            guard found.count == 1 else { throw InputError.duplicateColumn(name: name, line: header.line) }
            return found[0]
        }
    }

    /// The selected values of a row as numbers, appended to `values` in the order of `names`.
    func appendValues(of record: CSVRecord, to values: inout [Double]) throws {
        for (name, index) in zip(names, indexes) {
            values.append(try NumericValue.parse(record.fields[index], line: record.line, column: name))
        }
    }
}
