import AutoDiff

/// A differentiable loss ℝⁿ → ℝ as the optimizers see it: its value and gradient at a point.
///
/// Build one from any function written against the engine (differentiated by reverse mode), or
/// from a hand-written kernel such as Learning's fused linear-regression gradient:
///
/// ```swift
/// let bowl = Objective(dimension: 2) { v in v[0] * v[0] + 3 * v[1] * v[1] }   // engine-differentiated
/// let (loss, g) = try bowl.valueWithGradient([1, 1])                           // (4, [2, 6])
/// ```
public struct Objective: Sendable {
    /// The number of variables n.
    public let dimension: Int
    private let evaluateWithGradient: @Sendable ([Double]) throws -> (value: Double, gradient: [Double])
    private let evaluateValue: @Sendable ([Double]) throws -> Double

    /// An objective from a value-and-gradient function, and optionally a cheaper value-only one
    /// (line searches use it to probe trial points).
    public init(dimension: Int,
                valueWithGradient: @escaping @Sendable ([Double]) throws -> (value: Double, gradient: [Double]),
                value: (@Sendable ([Double]) throws -> Double)? = nil) {
        self.dimension = dimension
        self.evaluateWithGradient = valueWithGradient
        self.evaluateValue = value ?? { try valueWithGradient($0).value }
    }

    /// An objective from a function written against the engine, differentiated by reverse mode
    /// (`valueWithGradient(at:of:)`); subgradients at kinks follow the current `KinkPolicy`.
    ///
    /// ```swift
    /// let lasso = Objective(dimension: 2) { w in (w[0] - 1) * (w[0] - 1) + abs(w[1]) }
    /// ```
    public init(dimension: Int, _ function: @escaping @Sendable ([Reverse<Double>]) throws -> Reverse<Double>) {
        self.init(dimension: dimension,
                  valueWithGradient: { x in try AutoDiff.valueWithGradient(at: x, of: function) },
                  value: { x in try function(x.map { Reverse(constant: $0) }).value })
    }

    /// f(x) and ∇f(x) (a subgradient at a kink). Throws for a point of the wrong length.
    public func valueWithGradient(_ x: [Double]) throws -> (value: Double, gradient: [Double]) {
        try check(x)
        let result = try evaluateWithGradient(x)
        if result.gradient.count != dimension {
            throw OptimizationError.dimensionMismatch(what: "gradient", expected: dimension, actual: result.gradient.count)
        }
        return result
    }

    /// f(x) alone.
    public func value(_ x: [Double]) throws -> Double {
        try check(x)
        return try evaluateValue(x)
    }

    private func check(_ x: [Double]) throws {
        if x.count != dimension {
            throw OptimizationError.dimensionMismatch(what: "point", expected: dimension, actual: x.count)
        }
    }
}
