/// The subgradient method for non-smooth convex losses (lasso, hinge): x ← x − αₖ·g with g any
/// subgradient and diminishing steps αₖ.
///
/// It is not a descent method (a step along a subgradient can increase the loss), so `minimize`
/// returns the best point seen. With αₖ → 0 and Σαₖ = ∞ the best loss converges to the minimum.
///
/// ```swift
/// var subgradient = try SubgradientMethod(initialStep: 0.1, schedule: .inverseSquareRoot)
/// ```
public struct SubgradientMethod: Optimizer, Sendable {
    /// How the step shrinks with the iteration k (counted from 0).
    public enum Schedule: Sendable, Equatable {
        /// αₖ = α₀ / √(k + 1): the classic O(1/√k) rate.
        case inverseSquareRoot
        /// αₖ = α₀ / (k + 1): square-summable.
        case inverse
        /// αₖ = α₀ / ‖gₖ‖ / √(k + 1): normalized steps, insensitive to the subgradient's scale.
        case normalized
    }

    /// α₀.
    public let initialStep: Double
    /// The schedule.
    public let schedule: Schedule

    /// `subgradient`.
    public var name: String { "subgradient" }

    /// Creates the method; throws unless α₀ > 0.
    public init(initialStep: Double, schedule: Schedule = .inverseSquareRoot) throws {
        try requirePositive(initialStep, "initial step")
        self.initialStep = initialStep
        self.schedule = schedule
    }

    /// The step length αₖ for iteration k and subgradient norm ‖g‖.
    public func stepLength(iteration k: Int, gradientNorm: Double) -> Double {
        let n = Double(k + 1)
        switch schedule {
        case .inverseSquareRoot: return initialStep / n.squareRoot()
        case .inverse: return initialStep / n
        case .normalized: return gradientNorm > 0 ? initialStep / gradientNorm / n.squareRoot() : 0
        }
    }

    /// Steps along the negative subgradient.
    public mutating func step(_ x: inout [Double], value: Double, gradient: [Double], iteration: Int,
                              probe: ([Double]) throws -> Double) throws -> Double {
        let alpha = stepLength(iteration: iteration, gradientNorm: euclideanNorm(gradient))
        return move(&x, by: -alpha, along: gradient)
    }
}
