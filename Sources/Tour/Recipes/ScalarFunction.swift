import Rules

/// A function ℝⁿ → ℝ written once against the scalar protocol, so the same definition runs on
/// `Double`, dual numbers and tape values — what the figure and minimization recipes need.
///
/// A compiled symbolic expression is one; so is any hand-written type:
///
/// ```swift
/// struct Bowl: ScalarFunction {
///     let variables = ["x", "y"]
///     func callAsFunction<T: Scalar>(_ v: [T]) -> T { v[0] * v[0] + 2 * v[1] * v[1] }
/// }
/// ```
public protocol ScalarFunction: Sendable {
    /// The input names, in the order `callAsFunction` takes them.
    var variables: [String] { get }
    /// The value at `inputs` (one per variable).
    func callAsFunction<T: Scalar>(_ inputs: [T]) -> T
}

/// A problem with a recipe's request, in one actionable line.
public enum RecipeError: Error, Equatable, CustomStringConvertible {
    /// The function has the wrong number of variables for the figure asked for.
    case wrongVariableCount(needed: String, variables: [String], hint: String)
    /// A range is empty, reversed or not finite.
    case badRange(what: String, low: Double, high: Double)
    /// A setting is out of range.
    case badSetting(name: String, value: String, requirement: String)

    /// One line saying what is wrong and what to do.
    public var description: String {
        switch self {
        case let .wrongVariableCount(needed, variables, hint):
            let has = variables.isEmpty ? "no variables" : "variables " + variables.joined(separator: ", ")
            return "this needs \(needed), the expression has \(has)\(hint.isEmpty ? "" : ": " + hint)"
        case let .badRange(what, low, high):
            return "invalid \(what) \(formatNumber(low)):\(formatNumber(high)): it must be LOW:HIGH with LOW < HIGH, both finite"
        case let .badSetting(name, value, requirement):
            return "invalid \(name) \(value): it must be \(requirement)"
        }
    }
}

/// Throws unless `range` is finite and non-empty.
func requireRange(_ range: ClosedRange<Double>, _ what: String) throws {
    guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound else {
        throw RecipeError.badRange(what: what, low: range.lowerBound, high: range.upperBound)
    }
}
