/// Heavy-ball momentum (Polyak): v ← μ·v − η·∇f(x), x ← x + v.
///
/// The velocity accumulates past gradients, so it speeds descent along shallow valleys:
///
/// ```swift
/// var heavyBall = try Momentum(learningRate: 0.05, momentum: 0.9)
/// ```
public struct Momentum: Optimizer, Sendable {
    /// The step size η.
    public let learningRate: Double
    /// The momentum coefficient μ ∈ [0, 1).
    public let momentum: Double
    private var velocity: [Double] = []

    /// `momentum`.
    public var name: String { "momentum" }

    /// Creates the rule; throws unless η > 0 and 0 ≤ μ < 1.
    public init(learningRate: Double, momentum: Double = 0.9) throws {
        try requirePositive(learningRate, "learning rate")
        try requireUnitInterval(momentum, "momentum")
        self.learningRate = learningRate
        self.momentum = momentum
    }

    /// Updates the velocity and moves along it.
    public mutating func step(_ x: inout [Double], value: Double, gradient: [Double], iteration: Int,
                              probe: ([Double]) throws -> Double) throws -> Double {
        if velocity.count != x.count { velocity = [Double](repeating: 0, count: x.count) }
        for j in x.indices { velocity[j] = momentum * velocity[j] - learningRate * gradient[j] }
        return move(&x, by: 1, along: velocity)
    }
}

/// Nesterov's accelerated gradient: the momentum step is corrected by the gradient at the
/// look-ahead point.
///
/// Written in the look-ahead variable (the point where gradients are taken), one step is
/// v′ ← μ·v − η·∇f(x), x ← x − μ·v + (1 + μ)·v′, which needs one gradient per step.
///
/// ```swift
/// var nesterov = try Nesterov(learningRate: 0.05, momentum: 0.9)
/// ```
public struct Nesterov: Optimizer, Sendable {
    /// The step size η.
    public let learningRate: Double
    /// The momentum coefficient μ ∈ [0, 1).
    public let momentum: Double
    private var velocity: [Double] = []

    /// `nesterov`.
    public var name: String { "nesterov" }

    /// Creates the rule; throws unless η > 0 and 0 ≤ μ < 1.
    public init(learningRate: Double, momentum: Double = 0.9) throws {
        try requirePositive(learningRate, "learning rate")
        try requireUnitInterval(momentum, "momentum")
        self.learningRate = learningRate
        self.momentum = momentum
    }

    /// Updates the velocity and moves the look-ahead point.
    public mutating func step(_ x: inout [Double], value: Double, gradient: [Double], iteration: Int,
                              probe: ([Double]) throws -> Double) throws -> Double {
        if velocity.count != x.count { velocity = [Double](repeating: 0, count: x.count) }
        var delta = [Double](repeating: 0, count: x.count)
        for j in x.indices {
            let previous = velocity[j]
            velocity[j] = momentum * previous - learningRate * gradient[j]
            delta[j] = -momentum * previous + (1 + momentum) * velocity[j]
        }
        return move(&x, by: 1, along: delta)
    }
}
