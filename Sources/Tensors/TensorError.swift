/// A tensor operation given operands it cannot work with, with a message a person can act on.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    /// The number of scalars does not match the shape's product.
    case scalarCount(shape: [Int], count: Int)
    /// A dimension is negative.
    case negativeDimension(shape: [Int])
    /// Two shapes cannot be combined by `operation` (broadcasting or product rules).
    case shapeMismatch(operation: String, left: [Int], right: [Int])
    /// An operation needs a tensor of another rank.
    case rank(operation: String, expected: Int, actual: Int)
    /// An axis is outside the tensor's dimensions.
    case axis(operation: String, axis: Int, rank: Int)
    /// Rows of a nested array have different lengths.
    case ragged(row: Int, expected: Int, actual: Int)
    /// A value was given that is not part of the differentiation.
    case foreignValue
    /// An index is outside `0..<extent`.
    case index(operation: String, index: Int, extent: Int)
    /// An operation has no second-order rule (`tensorHessianVectorProduct`).
    case notTwiceDifferentiable(operation: String)
    /// A count (`what`: the argument's name) below the least an operation accepts.
    case tooFew(operation: String, what: String, count: Int, minimum: Int)

    /// One line saying what is wrong.
    public var description: String {
        switch self {
        case let .scalarCount(shape, count):
            "shape \(shape) holds \(shape.reduce(1, *)) scalars, but \(count) were given"
        case let .negativeDimension(shape):
            "shape \(shape) has a negative dimension"
        case let .shapeMismatch(operation, left, right):
            "\(operation): shapes \(left) and \(right) are incompatible"
        case let .rank(operation, expected, actual):
            "\(operation) needs a tensor of rank \(expected), got rank \(actual)"
        case let .axis(operation, axis, rank):
            "\(operation): axis \(axis) is out of range for a tensor of rank \(rank)"
        case let .ragged(row, expected, actual):
            "row \(row) has \(actual) entries, expected \(expected) like the first row"
        case .foreignValue:
            "a tracked tensor from one differentiation was used in another"
        case let .index(operation, index, extent):
            "\(operation): index \(index) is out of range 0..<\(extent)"
        case let .tooFew(operation, what, count, minimum):
            "\(operation) needs \(what) ≥ \(minimum), got \(count)"
        case let .notTwiceDifferentiable(operation):
            "\(operation) has no second-order rule yet; tensorHessianVectorProduct cannot differentiate through it"
        }
    }
}
