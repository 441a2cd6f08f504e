import AutoDiff

/// Minimizes a differentiable objective from `start` with any update rule, until the stopping
/// rule holds; returns the answer and the full history.
///
/// The point returned is the best one seen (for descent methods that is the last one). The loss
/// must stay finite: a NaN or infinity throws `OptimizationError.nonFinite` naming the iteration.
///
/// ```swift
/// let bowl = Objective(dimension: 2) { v in (v[0] - 1) * (v[0] - 1) + 10 * v[1] * v[1] }
/// var gd = try GradientDescent(step: .fixed(0.05))
/// let result = try minimize(bowl, from: [0, 1], using: &gd)        // result.point ≈ [1, 0]
/// ```
///
/// - Parameter onIteration: called after each record is appended (for progress displays).
public func minimize<O: Optimizer>(_ objective: Objective, from start: [Double], using optimizer: inout O,
                                   stopping: StoppingRule = StoppingRule(),
                                   onIteration: ((Int, IterationRecord) -> Void)? = nil) throws -> MinimizationResult {
    try stopping.validate()
    if objective.dimension == 0 { throw OptimizationError.empty }
    if start.count != objective.dimension {
        throw OptimizationError.dimensionMismatch(what: "starting point", expected: objective.dimension, actual: start.count)
    }
    var x = start
    var history: [IterationRecord] = []
    var best: (point: [Double], value: Double)?
    var previous: Double?
    var iteration = 0
    var reason = StopReason.iterationCap
    while true {
        let (value, gradient) = try objective.valueWithGradient(x)
        let norm = euclideanNorm(gradient)
        if !value.isFinite { throw OptimizationError.nonFinite(iteration: iteration, what: "loss") }
        if !norm.isFinite { throw OptimizationError.nonFinite(iteration: iteration, what: "gradient") }
        if best == nil || value < best!.value { best = (x, value) }
        var record = IterationRecord(loss: value, gradientNorm: norm, step: 0)
        let stop: StopReason? =
            if stopping.gradientIsSmall(norm) { .gradientNorm }
            else if let previous, stopping.changeIsSmall(from: previous, to: value) { .relativeChange }
            else if iteration >= stopping.maximumIterations { .iterationCap }
            else { nil }
        if let stop {
            history.append(record)
            onIteration?(iteration, record)
            reason = stop
            break
        }
        record.step = try optimizer.step(&x, value: value, gradient: gradient, iteration: iteration,
                                         probe: objective.value)
        history.append(record)
        onIteration?(iteration, record)
        previous = value
        iteration += 1
    }
    let answer = best ?? (x, history.last?.loss ?? .nan)
    return MinimizationResult(point: answer.point, value: answer.value, iterations: iteration, reason: reason,
                              history: history, optimizer: optimizer.name)
}

/// Minimizes any function written against the engine (ℝⁿ → ℝ), differentiated by reverse mode.
///
/// With no optimizer given, gradient descent with Armijo backtracking is used (it needs no step
/// size). Subgradients at kinks follow the current `KinkPolicy`.
///
/// ```swift
/// let result = try minimize(from: [0.0, 0]) { v in
///     (v[0] - 3) * (v[0] - 3) + (v[1] + 1) * (v[1] + 1)
/// }
/// // result.point ≈ [3, -1], result.reason == .gradientNorm
///
/// var adam = try Adam(learningRate: 0.05)
/// let viaAdam = try minimize(from: [0.0, 0], using: &adam) { v in v[0] * v[0] + abs(v[1] - 2) }
/// ```
public func minimize<O: Optimizer>(from start: [Double], using optimizer: inout O,
                                   stopping: StoppingRule = StoppingRule(),
                                   onIteration: ((Int, IterationRecord) -> Void)? = nil,
                                   _ function: @escaping @Sendable ([Reverse<Double>]) throws -> Reverse<Double>)
    throws -> MinimizationResult {
    try minimize(Objective(dimension: start.count, function), from: start, using: &optimizer,
                 stopping: stopping, onIteration: onIteration)
}

/// Minimizes an engine function by gradient descent with Armijo backtracking (no step size needed).
///
/// ```swift
/// try minimize(from: [3.0]) { x in (x[0] - 1) * (x[0] - 1) }.point   // ≈ [1]
/// ```
public func minimize(from start: [Double], stopping: StoppingRule = StoppingRule(),
                     _ function: @escaping @Sendable ([Reverse<Double>]) throws -> Reverse<Double>)
    throws -> MinimizationResult {
    var gd = try GradientDescent(step: .backtracking())
    return try minimize(from: start, using: &gd, stopping: stopping, function)
}
