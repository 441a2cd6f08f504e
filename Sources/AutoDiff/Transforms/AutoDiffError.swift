/// An input the differentiation transforms cannot work with, with a message a person can act on.
public enum AutoDiffError: Error, Equatable, CustomStringConvertible {
    /// Two lengths that must agree do not (`what` names them).
    case dimensionMismatch(what: String, expected: Int, actual: Int)
    /// An input is NaN or infinite.
    case nonFinite(what: String, index: Int, value: Double)
    /// A function that must have at least one input was given none.
    case empty(what: String)
    /// An input is larger than a transform supports (`limit` components at most).
    case tooLarge(what: String, limit: Int, actual: Int)
    /// An input breaks a rule the transform relies on (`reason` says which).
    case invalid(what: String, reason: String)

    /// One line saying what is wrong.
    public var description: String {
        switch self {
        case let .dimensionMismatch(what, expected, actual):
            "dimension mismatch: \(what) has \(actual) component\(actual == 1 ? "" : "s"), expected \(expected)"
        case let .nonFinite(what, index, value):
            "non-finite input: \(what)[\(index)] is \(formatNumber(value))"
        case let .empty(what):
            "empty input: \(what) has no components"
        case let .tooLarge(what, limit, actual):
            "too large: \(what) has \(actual) components, at most \(limit) are supported"
        case let .invalid(what, reason):
            "invalid input: \(what) \(reason)"
        }
    }
}

/// Throws unless every component of `x` is finite.
@inlinable
public func requireFinite<T: Scalar>(_ x: [T], _ what: String) throws {
    for (i, v) in x.enumerated() where !v.doubleValue.isFinite {
        throw AutoDiffError.nonFinite(what: what, index: i, value: v.doubleValue)
    }
}

/// Throws unless `x` has `count` components.
@inlinable
public func requireCount<T>(_ x: [T], _ count: Int, _ what: String) throws {
    if x.count != count { throw AutoDiffError.dimensionMismatch(what: what, expected: count, actual: x.count) }
}
