import Rules
/// Stochastic gradient descent with shuffled mini-batches, driven by any update rule (plain SGD
/// with `GradientDescent(step: .fixed(η))`, or momentum, Nesterov, Adam on mini-batches).
///
/// One iteration is one epoch: every batch of the epoch takes one step. The history holds one
/// record per epoch: the mean batch loss, the last batch's gradient norm, and the epoch's total
/// step length. Stops on the iteration cap (epochs), or on the relative change of the epoch loss.
///
/// ```swift
/// var objective = SampledObjective(dimension: 1, count: 4) { x, batch in … }
/// var sgd = try GradientDescent(step: .fixed(0.1))
/// let result = try minimizeStochastically(&objective, from: [0], using: &sgd, batchSize: 2,
///                                         stopping: StoppingRule(maximumIterations: 50))
/// ```
///
/// - Parameters:
///   - seed: seeds the shuffles, so runs are reproducible.
///   - fullLoss: if given, the exact loss at the final point is reported as `value`.
public func minimizeStochastically<S: StochasticObjective, O: Optimizer>(
    _ objective: inout S, from start: [Double], using optimizer: inout O, batchSize: Int,
    stopping: StoppingRule = StoppingRule(), seed: UInt64 = 42,
    fullLoss: (([Double]) throws -> Double)? = nil,
    onIteration: ((Int, IterationRecord) -> Void)? = nil
) throws -> MinimizationResult {
    try stopping.validate()
    if batchSize < 1 {
        throw OptimizationError.invalidParameter(name: "batch size", value: Double(batchSize), requirement: "at least 1")
    }
    if start.count != objective.dimension {
        throw OptimizationError.dimensionMismatch(what: "starting point", expected: objective.dimension, actual: start.count)
    }
    var generator = SplitMix64(seed: seed)
    var x = start
    var history: [IterationRecord] = []
    var steps = 0
    var reason = StopReason.iterationCap
    var previous: Double?
    for epoch in 0..<stopping.maximumIterations {
        var lossSum = 0.0, batches = 0, lastNorm = 0.0, travelled = 0.0
        try objective.forEachBatch(size: batchSize, using: &generator) { batch in
            let (value, gradient) = try batch(x)
            lastNorm = euclideanNorm(gradient)
            if !value.isFinite || !lastNorm.isFinite {
                throw OptimizationError.nonFinite(iteration: epoch, what: value.isFinite ? "gradient" : "loss")
            }
            travelled += try optimizer.step(&x, value: value, gradient: gradient, iteration: steps,
                                            probe: { try batch($0).value })
            lossSum += value
            batches += 1
            steps += 1
        }
        let loss = batches > 0 ? lossSum / Double(batches) : 0
        let record = IterationRecord(loss: loss, gradientNorm: lastNorm, step: travelled)
        history.append(record)
        onIteration?(epoch, record)
        if let previous, stopping.changeIsSmall(from: previous, to: loss) {
            reason = .relativeChange
            break
        }
        previous = loss
    }
    let value = try fullLoss?(x) ?? history.last?.loss ?? .nan
    return MinimizationResult(point: x, value: value, iterations: history.count, reason: reason,
                              history: history, optimizer: optimizer.name == "gd" ? "sgd" : "sgd-\(optimizer.name)")
}
