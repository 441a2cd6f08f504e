import Rules

/// A problem with data or a model, with a message a person can act on (and the position in the
/// file where there is one).
public enum LearningError: Error, Equatable, CustomStringConvertible {
    /// A cell is empty.
    case missingValue(line: Int, column: Int, name: String)
    /// A cell is not a number.
    case notANumber(line: Int, column: Int, name: String, text: String)
    /// A row has more or fewer cells than the header.
    case fieldCount(line: Int, expected: Int, actual: Int)
    /// A requested column is not in the header.
    case unknownColumn(name: String, available: [String])
    /// The choice of target and feature columns is inconsistent (a column used twice, no features).
    case columnChoice(String)
    /// The file has no header or no data rows.
    case noData(String)
    /// The file cannot be read.
    case unreadable(path: String, reason: String)
    /// Shapes that must agree do not.
    case dimensionMismatch(what: String, expected: Int, actual: Int)
    /// The least-squares problem has no unique solution (collinear or constant features).
    case rankDeficient(feature: String)

    /// One line saying what is wrong.
    public var description: String {
        switch self {
        case let .missingValue(line, column, name):
            "line \(line), column \(column) (\(name)): missing value"
        case let .notANumber(line, column, name, text):
            "line \(line), column \(column) (\(name)): '\(text.prefix(40))' is not a number"
        case let .fieldCount(line, expected, actual):
            "line \(line): \(actual) field\(actual == 1 ? "" : "s"), expected \(expected) as in the header"
        case let .unknownColumn(name, available):
            "no column named '\(name)'; the columns are \(available.joined(separator: ", "))"
        case let .columnChoice(problem):
            problem
        case let .noData(what):
            "no data: \(what)"
        case let .unreadable(path, reason):
            "cannot read \(path): \(reason)"
        case let .dimensionMismatch(what, expected, actual):
            "dimension mismatch: \(what) has \(actual), expected \(expected)"
        case let .rankDeficient(feature):
            "the least-squares solution is not unique: feature '\(feature)' is constant or a combination of the others"
        }
    }
}
