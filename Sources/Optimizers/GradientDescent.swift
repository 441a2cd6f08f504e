/// Gradient descent x ← x − t·∇f(x), with a fixed step t or an Armijo backtracking line search.
///
/// With a fixed step t ≤ 1/L on an L-smooth convex loss every step decreases the loss; when L is
/// unknown, backtracking finds a step that does:
///
/// ```swift
/// var gd = try GradientDescent(step: .fixed(0.1))
/// var searching = try GradientDescent(step: .backtracking())
/// ```
public struct GradientDescent: Optimizer, Sendable {
    /// How the step length is chosen.
    public enum StepRule: Sendable, Equatable {
        /// The same step every iteration.
        case fixed(Double)
        /// Armijo backtracking: start from `initial` (or twice the last accepted step, if smaller),
        /// multiply by `shrink` until f(x − t∇f) ≤ f(x) − c·t·‖∇f‖², with c = `sufficientDecrease`.
        case backtracking(initial: Double = 1, shrink: Double = 0.5, sufficientDecrease: Double = 1e-4)
    }

    /// The step rule.
    public let rule: StepRule
    /// The last step length accepted (for reports and to warm-start the line search).
    public private(set) var lastStep: Double?

    /// `gd`, or `gd-armijo` with a line search.
    public var name: String {
        if case .fixed = rule { return "gd" }
        return "gd-armijo"
    }

    /// Creates gradient descent; throws for a non-positive step or shrink factor outside (0, 1).
    public init(step rule: StepRule) throws {
        switch rule {
        case .fixed(let t): try requirePositive(t, "learning rate")
        case let .backtracking(initial, shrink, c):
            try requirePositive(initial, "initial step")
            if !(shrink > 0 && shrink < 1) {
                throw OptimizationError.invalidParameter(name: "shrink factor", value: shrink, requirement: "in (0, 1)")
            }
            if !(c > 0 && c < 1) {
                throw OptimizationError.invalidParameter(name: "sufficient decrease", value: c, requirement: "in (0, 1)")
            }
        }
        self.rule = rule
    }

    /// Takes one gradient step (see the type's documentation).
    public mutating func step(_ x: inout [Double], value: Double, gradient: [Double], iteration: Int,
                              probe: ([Double]) throws -> Double) throws -> Double {
        switch rule {
        case .fixed(let t):
            lastStep = t
            return move(&x, by: -t, along: gradient)
        case let .backtracking(initial, shrink, c):
            let g2 = gradient.reduce(0) { $0 + $1 * $1 }
            if g2 == 0 { return 0 }
            var t = Swift.min(initial, 2 * (lastStep ?? initial))
            var trial = x
            // 60 halvings reach 1e-18·t: beyond that the gradient is not a descent direction numerically.
            for _ in 0..<60 {
                for j in x.indices { trial[j] = x[j] - t * gradient[j] }
                let f = try probe(trial)
                if f.isFinite && f <= value - c * t * g2 { break }
                t *= shrink
            }
            lastStep = t
            x = trial
            return t * g2.squareRoot()
        }
    }
}
