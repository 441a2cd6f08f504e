/// What happened at one iteration of a minimizer.
public struct IterationRecord: Sendable, Equatable {
    /// f(xₖ) before the step (for mini-batch methods: the mean of the epoch's batch losses).
    public var loss: Double
    /// ‖∇f(xₖ)‖ before the step (for mini-batch methods: of the epoch's last batch gradient).
    public var gradientNorm: Double
    /// ‖xₖ₊₁ − xₖ‖, the length of the step taken (0 on the final record, where no step is taken).
    public var step: Double

    /// Creates a record.
    public init(loss: Double, gradientNorm: Double, step: Double) {
        self.loss = loss
        self.gradientNorm = gradientNorm
        self.step = step
    }
}

/// The result of a minimization: the answer and how it was reached.
///
/// ```swift
/// let result = try minimize(from: [3.0]) { x in (x[0] - 1) * (x[0] - 1) }
/// result.point          // ≈ [1]
/// result.history.count  // iterations + 1 (the last record is the final point)
/// ```
public struct MinimizationResult: Sendable, Equatable {
    /// The point returned: the last iterate, or the best one seen for non-descent methods.
    public var point: [Double]
    /// f(point).
    public var value: Double
    /// The number of steps taken.
    public var iterations: Int
    /// Why it stopped.
    public var reason: StopReason
    /// One record per iteration (loss, gradient norm, step), then one for the final iterate.
    public var history: [IterationRecord]
    /// The optimizer's name.
    public var optimizer: String

    /// Creates a result.
    public init(point: [Double], value: Double, iterations: Int, reason: StopReason,
                history: [IterationRecord], optimizer: String) {
        self.point = point
        self.value = value
        self.iterations = iterations
        self.reason = reason
        self.history = history
        self.optimizer = optimizer
    }
}
