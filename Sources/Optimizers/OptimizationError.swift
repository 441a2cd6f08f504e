import AutoDiff

/// A problem an optimizer cannot work with, with a message a person can act on.
public enum OptimizationError: Error, Equatable, CustomStringConvertible {
    /// A setting is out of its range (`name`, the value given, what it must be).
    case invalidParameter(name: String, value: Double, requirement: String)
    /// The starting point and a gradient (or two vectors that must agree) differ in length.
    case dimensionMismatch(what: String, expected: Int, actual: Int)
    /// The loss or its gradient became NaN or infinite at an iteration (usually a step too large).
    case nonFinite(iteration: Int, what: String)
    /// A function with no variables was given.
    case empty

    /// One line saying what is wrong and what to do.
    public var description: String {
        switch self {
        case let .invalidParameter(name, value, requirement):
            "invalid \(name) \(formatNumber(value)): it must be \(requirement)"
        case let .dimensionMismatch(what, expected, actual):
            "dimension mismatch: \(what) has \(actual) component\(actual == 1 ? "" : "s"), expected \(expected)"
        case let .nonFinite(iteration, what):
            "the \(what) became non-finite at iteration \(iteration); try a smaller learning rate"
        case .empty:
            "nothing to minimize: the function has no variables"
        }
    }
}

/// Throws unless `value` is finite and positive.
@inlinable
func requirePositive(_ value: Double, _ name: String) throws {
    if !(value.isFinite && value > 0) {
        throw OptimizationError.invalidParameter(name: name, value: value, requirement: "positive and finite")
    }
}

/// Throws unless `value` lies in [0, 1).
@inlinable
func requireUnitInterval(_ value: Double, _ name: String) throws {
    if !(value >= 0 && value < 1) {
        throw OptimizationError.invalidParameter(name: name, value: value, requirement: "in [0, 1)")
    }
}
