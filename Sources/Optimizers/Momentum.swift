/// Heavy-ball momentum (Polyak): v ← μ·v − η·∇f(x), x ← x + v.
///
/// The velocity accumulates past gradients, so it speeds descent along shallow valleys:
///
/// ```swift
/// var heavyBall = try Momentum(learningRate: 0.05, momentum: 0.9)
/// ```
public struct Momentum: Optimizer, Sendable {
    private var state: Velocity

    /// The step size η.
    public var learningRate: Double { state.learningRate }
    /// The momentum coefficient μ ∈ [0, 1).
    public var momentum: Double { state.momentum }

    /// `momentum`.
    public var name: String { "momentum" }

    /// Creates the rule; throws unless η > 0 and 0 ≤ μ < 1.
    public init(learningRate: Double, momentum: Double = 0.9) throws {
        state = try Velocity(learningRate: learningRate, momentum: momentum)
    }

    /// Updates the velocity and moves along it.
    public mutating func step(_ x: inout [Double], value: Double, gradient: [Double], iteration: Int,
                              probe: ([Double]) throws -> Double) throws -> Double {
        state.update(with: gradient)
        return move(&x, by: 1, along: state.velocity)
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
    private var state: Velocity

    /// The step size η.
    public var learningRate: Double { state.learningRate }
    /// The momentum coefficient μ ∈ [0, 1).
    public var momentum: Double { state.momentum }

    /// `nesterov`.
    public var name: String { "nesterov" }

    /// Creates the rule; throws unless η > 0 and 0 ≤ μ < 1.
    public init(learningRate: Double, momentum: Double = 0.9) throws {
        state = try Velocity(learningRate: learningRate, momentum: momentum)
    }

    /// Updates the velocity and moves the look-ahead point.
    public mutating func step(_ x: inout [Double], value: Double, gradient: [Double], iteration: Int,
                              probe: ([Double]) throws -> Double) throws -> Double {
        let previous = state.update(with: gradient)
        let mu = state.momentum
        let delta = x.indices.map { -mu * previous[$0] + (1 + mu) * state.velocity[$0] }
        return move(&x, by: 1, along: delta)
    }
}

/// The state both momentum methods keep: η, μ and the velocity, updated as v ← μ·v − η·g.
struct Velocity: Sendable {
    let learningRate: Double
    let momentum: Double
    private(set) var velocity: [Double] = []

    /// Validates η > 0 and 0 ≤ μ < 1.
    init(learningRate: Double, momentum: Double) throws {
        try requirePositive(learningRate, "learning rate")
        try requireUnitInterval(momentum, "momentum")
        self.learningRate = learningRate
        self.momentum = momentum
    }

    /// Applies v ← μ·v − η·g (starting from v = 0) and returns the velocity before the update.
    @discardableResult
    mutating func update(with gradient: [Double]) -> [Double] {
        if velocity.count != gradient.count { velocity = [Double](repeating: 0, count: gradient.count) }
        let previous = velocity
        for j in velocity.indices { velocity[j] = momentum * velocity[j] - learningRate * gradient[j] }
        return previous
    }
}
