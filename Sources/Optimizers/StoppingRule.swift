/// When an iterative minimizer stops: whichever test passes first.
///
/// ```swift
/// let rule = StoppingRule(gradientTolerance: 1e-10, relativeChangeTolerance: 0, maximumIterations: 5000)
/// ```
public struct StoppingRule: Sendable, Equatable {
    /// Stop when ‖∇f(x)‖ ≤ this (0 disables the test).
    public var gradientTolerance: Double
    /// Stop when |f(xₖ) − f(xₖ₋₁)| ≤ this · max(|f(xₖ₋₁)|, tiny) (0 disables the test).
    public var relativeChangeTolerance: Double
    /// Stop after this many steps (iterations for full-batch methods, epochs for mini-batch ones).
    public var maximumIterations: Int

    /// Creates a rule. Defaults: gradient norm 1e-8, relative change 0 (off), 1000 iterations.
    public init(gradientTolerance: Double = 1e-8, relativeChangeTolerance: Double = 0, maximumIterations: Int = 1000) {
        self.gradientTolerance = gradientTolerance
        self.relativeChangeTolerance = relativeChangeTolerance
        self.maximumIterations = maximumIterations
    }

    /// Throws for negative tolerances or a negative iteration cap.
    public func validate() throws {
        if !(gradientTolerance >= 0) {
            throw OptimizationError.invalidParameter(name: "gradient tolerance", value: gradientTolerance, requirement: "≥ 0")
        }
        if !(relativeChangeTolerance >= 0) {
            throw OptimizationError.invalidParameter(name: "relative change tolerance", value: relativeChangeTolerance,
                                                     requirement: "≥ 0")
        }
        if maximumIterations < 0 {
            throw OptimizationError.invalidParameter(name: "iteration cap", value: Double(maximumIterations),
                                                     requirement: "≥ 0")
        }
    }

    /// Whether the gradient test passes.
    @inlinable
    public func gradientIsSmall(_ norm: Double) -> Bool { norm <= gradientTolerance }

    /// Whether the relative-change test passes between two consecutive losses.
    @inlinable
    public func changeIsSmall(from previous: Double, to current: Double) -> Bool {
        relativeChangeTolerance > 0
            && Swift.abs(current - previous) <= relativeChangeTolerance * Swift.max(Swift.abs(previous), .leastNormalMagnitude)
    }
}

/// Why a minimizer stopped.
public enum StopReason: String, Sendable, Equatable {
    /// The gradient norm fell below its tolerance.
    case gradientNorm
    /// The loss changed by less than its relative tolerance.
    case relativeChange
    /// The iteration cap was reached.
    case iterationCap
}
