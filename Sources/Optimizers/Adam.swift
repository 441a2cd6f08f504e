import Foundation

/// Adam (Kingma & Ba, 2015): steps scaled per coordinate by running estimates of the gradient's
/// first and second moments, with bias correction.
///
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², x ← x − η·m̂ / (√v̂ + ε), where m̂ = m/(1 − β₁ᵗ) and
/// v̂ = v/(1 − β₂ᵗ). Each coordinate moves by about η at most, whatever the gradient's scale.
///
/// ```swift
/// var adam = try Adam(learningRate: 0.01)
/// ```
public struct Adam: Optimizer, Sendable {
    /// The step size η.
    public let learningRate: Double
    /// The first-moment decay β₁ ∈ [0, 1).
    public let beta1: Double
    /// The second-moment decay β₂ ∈ [0, 1).
    public let beta2: Double
    /// The denominator's guard ε > 0.
    public let epsilon: Double
    private var first: [Double] = []
    private var second: [Double] = []
    private var steps = 0

    /// `adam`.
    public var name: String { "adam" }

    /// Creates the rule with the paper's defaults for β₁, β₂, ε; throws for out-of-range settings.
    public init(learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) throws {
        try requirePositive(learningRate, "learning rate")
        try requireUnitInterval(beta1, "beta1")
        try requireUnitInterval(beta2, "beta2")
        try requirePositive(epsilon, "epsilon")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// Updates the moment estimates and takes the scaled step.
    public mutating func step(_ x: inout [Double], value: Double, gradient: [Double], iteration: Int,
                              probe: ([Double]) throws -> Double) throws -> Double {
        if first.count != x.count {
            first = [Double](repeating: 0, count: x.count)
            second = first
            steps = 0
        }
        steps += 1
        let c1 = 1 - Foundation.pow(beta1, Double(steps))
        let c2 = 1 - Foundation.pow(beta2, Double(steps))
        var delta = [Double](repeating: 0, count: x.count)
        for j in x.indices {
            let g = gradient[j]
            first[j] = beta1 * first[j] + (1 - beta1) * g
            second[j] = beta2 * second[j] + (1 - beta2) * g * g
            delta[j] = -learningRate * (first[j] / c1) / ((second[j] / c2).squareRoot() + epsilon)
        }
        return move(&x, by: 1, along: delta)
    }
}
