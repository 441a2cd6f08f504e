/// A function ℝⁿ → ℝ written once for every scalar type, so that Slope can evaluate it plainly, in
/// reverse mode, with exact one-sided derivatives and with subgradient sets — which a closure,
/// fixed to one type, cannot offer. Used by `checkGradient(at:of:)` and `explainNonFinite(at:of:)`.
///
/// ```swift
/// struct Norm: ScalarFunction {
///     func callAsFunction<T: Scalar>(_ w: [T]) -> T { sqrt(w.reduce(0) { $0 + $1 * $1 }) }
/// }
/// try checkGradient(at: [3, 4], of: Norm()).ok   // true
/// ```
public protocol ScalarFunction {
    /// The function's value at `x`; implementations may throw (a wrong input length, say).
    func callAsFunction<T: Scalar>(_ x: [T]) throws -> T
}
