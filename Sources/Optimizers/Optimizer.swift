/// One update rule of an iterative minimizer: given the current point, its loss and gradient,
/// move the point.
///
/// Implementations keep their own state (velocity, moment estimates) between calls, so the same
/// rule drives full-batch descent (`minimize`) and mini-batch descent (`minimizeStochastically`).
///
/// ```swift
/// var adam = try Adam(learningRate: 0.1)
/// let result = try minimize(objective, from: [0, 0], using: &adam)
/// ```
public protocol Optimizer {
    /// A short name for reports (`gd`, `adam`, …).
    var name: String { get }

    /// Moves `x` and returns the length ‖Δx‖ of the step taken.
    ///
    /// - Parameters:
    ///   - x: the current point, updated in place.
    ///   - value: f(x).
    ///   - gradient: ∇f(x), or a subgradient, or a mini-batch estimate.
    ///   - iteration: 0 for the first step.
    ///   - probe: evaluates f elsewhere (line searches use it; others ignore it).
    mutating func step(_ x: inout [Double], value: Double, gradient: [Double], iteration: Int,
                       probe: ([Double]) throws -> Double) throws -> Double
}

/// x ← x + α·d in place; returns |α|·‖d‖.
@inlinable
func move(_ x: inout [Double], by alpha: Double, along d: [Double]) -> Double {
    for j in x.indices { x[j] += alpha * d[j] }
    return Swift.abs(alpha) * euclideanNorm(d)
}
