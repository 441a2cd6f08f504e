import Dispatch
import Optimizers

/// How `fitLinearRegression` trains: the optimizer and its settings.
public struct FitOptions: Sendable {
    /// The training method.
    public enum Method: String, Sendable, CaseIterable {
        /// Full-batch gradient descent (the subgradient method when λ > 0).
        case gd
        /// Stochastic gradient descent with shuffled mini-batches.
        case sgd
        /// Heavy-ball momentum.
        case momentum
        /// Nesterov's accelerated gradient.
        case nesterov
        /// Adam.
        case adam
        /// The exact least-squares solution, no iterations.
        case exact
    }

    /// The method.
    public var method: Method = .gd
    /// The step size; nil derives one from the data (1/L, L the gradient's Lipschitz constant).
    public var learningRate: Double?
    /// Iterations (full-batch methods) or epochs (SGD); nil for the method's default.
    public var epochs: Int?
    /// The mini-batch size for SGD.
    public var batchSize: Int = 32
    /// λ of the L1 penalty (lasso).
    public var l1: Double = 0
    /// Stop when the gradient norm falls below this.
    public var tolerance: Double = 1e-8
    /// Fit on standardized features (weights are reported in the original units).
    public var standardize = false
    /// Seeds SGD's shuffles.
    public var seed: UInt64 = 42

    /// Default options: gradient descent with a data-derived step.
    public init() {}

    /// The iteration cap used when `epochs` is nil.
    public var defaultEpochs: Int {
        switch method {
        case .sgd: 20
        case .exact: 0
        default: 10_000
        }
    }
}

/// The outcome of `fitLinearRegression`: the model, how training went, and the exact answer it is
/// measured against.
public struct FitReport: Sendable {
    /// The feature names, in the order of `weights`.
    public var featureNames: [String]
    /// w (in the original units of the features).
    public var weights: [Double]
    /// b.
    public var bias: Double
    /// The training objective at (w, b): the MSE, plus λ‖w‖₁ when λ > 0.
    public var loss: Double
    /// Iterations (or epochs) run.
    public var iterations: Int
    /// The optimizer's name.
    public var optimizer: String
    /// The MSE of the exact least-squares solution (nil when it is not unique or not computed).
    public var exactLoss: Double?
    /// ‖(w, b) − (w*, b*)‖₂, the distance to the exact least-squares solution.
    public var gap: Double?
    /// Wall-clock seconds spent training (excluding loading).
    public var seconds: Double
    /// The training history (loss, gradient norm, step per iteration).
    public var history: [IterationRecord]
    /// The step size used (nil for the exact method and Adam's defaults).
    public var learningRate: Double?
    /// Why training stopped.
    public var reason: StopReason?
}

/// Fits ŷ = w·x + b to a data set with the chosen optimizer and compares the answer with the exact
/// least-squares solution.
///
/// ```swift
/// var options = FitOptions()
/// options.method = .adam
/// let report = try fitLinearRegression(data, options: options)
/// report.weights, report.bias, report.gap
/// ```
///
/// - Parameter progress: called after each iteration with (iteration, cap, loss).
public func fitLinearRegression(_ data: Dataset, options: FitOptions,
                                progress: ((Int, Int, Double) -> Void)? = nil) throws -> FitReport {
    if data.count == 0 { throw LearningError.noData("the data set has no rows") }
    try validate(options)
    let start = DispatchTime.now().uptimeNanoseconds
    let statistics = GramStatistics(data)
    let exact: LeastSquaresSolution?
    do { exact = try exactLeastSquares(data, statistics: statistics) } catch let error as LearningError {
        if options.method == .exact { throw error }
        exact = nil
    }
    let original = LinearRegression(data, l1: options.l1)
    let exactLoss = exact.map { LinearRegression(data).loss(at: $0.parameters) }

    if options.method == .exact, let exact {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return FitReport(featureNames: data.featureNames, weights: exact.weights, bias: exact.bias,
                         loss: original.loss(at: exact.parameters), iterations: 0, optimizer: "exact",
                         exactLoss: exactLoss, gap: 0, seconds: seconds, history: [], learningRate: nil, reason: nil)
    }

    let (training, map) = options.standardize ? data.standardized() : (data, nil)
    let model = LinearRegression(training, l1: options.l1)
    let trainingStatistics = options.standardize ? GramStatistics(training) : statistics
    let derivedStep = model.defaultStep(statistics: trainingStatistics)
    let cap = options.epochs ?? options.defaultEpochs
    let stopping = StoppingRule(gradientTolerance: options.l1 > 0 ? 0 : options.tolerance, maximumIterations: cap)
    let report: (Int, IterationRecord) -> Void = { i, record in progress?(i, cap, record.loss) }
    var step = options.learningRate ?? derivedStep
    let result: MinimizationResult
    switch options.method {
    case .gd where options.l1 > 0:
        // Non-smooth: the subgradient method with diminishing steps α₀/√(k+1).
        var o = try SubgradientMethod(initialStep: step)
        result = try minimize(model.objective, from: model.zeroParameters, using: &o, stopping: stopping, onIteration: report)
    case .gd:
        var o = try GradientDescent(step: .fixed(step))
        result = try minimize(model.objective, from: model.zeroParameters, using: &o, stopping: stopping, onIteration: report)
    case .momentum:
        var o = try Momentum(learningRate: step, momentum: 0.9)
        result = try minimize(model.objective, from: model.zeroParameters, using: &o, stopping: stopping, onIteration: report)
    case .nesterov:
        var o = try Nesterov(learningRate: step, momentum: 0.9)
        result = try minimize(model.objective, from: model.zeroParameters, using: &o, stopping: stopping, onIteration: report)
    case .adam:
        step = options.learningRate ?? 0.01
        var o = try Adam(learningRate: step)
        result = try minimize(model.objective, from: model.zeroParameters, using: &o, stopping: stopping, onIteration: report)
    case .sgd:
        // Mini-batch gradients are noisier and their local curvature larger: half the full-batch step.
        step = options.learningRate ?? derivedStep / 2
        var batches = model.stochasticObjective
        var o = try GradientDescent(step: .fixed(step))
        result = try minimizeStochastically(&batches, from: model.zeroParameters, using: &o, batchSize: options.batchSize,
                                            stopping: stopping, seed: options.seed, onIteration: report)
    case .exact:
        throw LearningError.rankDeficient(feature: data.featureNames.first ?? "?")
    }
    let d = data.dimension
    var weights = Array(result.point[..<d]), bias = result.point[d]
    if let map { (weights, bias) = map.originalUnits(weights: weights, bias: bias) }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return FitReport(featureNames: data.featureNames, weights: weights, bias: bias,
                     loss: original.loss(at: weights + [bias]), iterations: result.iterations, optimizer: result.optimizer,
                     exactLoss: exactLoss, gap: exact.map { euclideanDistance(weights + [bias], $0.parameters) },
                     seconds: seconds, history: result.history, learningRate: step, reason: result.reason)
}

/// Fits by SGD on a CSV file streamed in blocks (for files larger than memory); the loss reported
/// is computed by one more streaming pass. No exact solution is computed. Without a learning rate,
/// the step is half of 1/L estimated on the first block of rows (as for in-memory SGD).
public func fitLinearRegressionStreaming(path: String, target: String, features: [String]?, options: FitOptions,
                                         progress: ((Int, Int, Double) -> Void)? = nil) throws -> FitReport {
    try validate(options)
    let step = try options.learningRate ?? streamingDefaultStep(path: path, target: target, features: features)
    let start = DispatchTime.now().uptimeNanoseconds
    var objective = try StreamingRegression(path: path, target: target, features: features, l1: options.l1)
    let cap = options.epochs ?? options.defaultEpochs
    var o = try GradientDescent(step: .fixed(step))
    let result = try minimizeStochastically(&objective, from: [Double](repeating: 0, count: objective.dimension), using: &o,
                                            batchSize: options.batchSize, stopping: StoppingRule(maximumIterations: cap),
                                            seed: options.seed,
                                            onIteration: { i, record in progress?(i, cap, record.loss) })
    // The exact training loss at the answer, block by block.
    var stream = try CSVStream(path: path, target: target, features: features)
    var sse = 0.0, rows = 0
    while let block = try stream.nextBlock(maximumRows: 1 << 16) {
        let data = try Dataset(features: block.features, targets: block.targets, featureNames: objective.columns.featureNames)
        sse += LinearRegression(data).loss(at: result.point) * Double(data.count)
        rows += data.count
    }
    let d = objective.dimension - 1
    var loss = sse / Double(Swift.max(rows, 1))
    if options.l1 > 0 { loss += options.l1 * result.point[..<d].reduce(0) { $0 + Swift.abs($1) } }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return FitReport(featureNames: objective.columns.featureNames, weights: Array(result.point[..<d]), bias: result.point[d],
                     loss: loss, iterations: result.iterations, optimizer: "sgd-streaming", exactLoss: nil, gap: nil,
                     seconds: seconds, history: result.history, learningRate: step, reason: result.reason)
}

private func validate(_ options: FitOptions) throws {
    if let lr = options.learningRate, !(lr.isFinite && lr > 0) {
        throw OptimizationError.invalidParameter(name: "learning rate", value: lr, requirement: "positive and finite")
    }
    if !(options.l1 >= 0 && options.l1.isFinite) {
        throw OptimizationError.invalidParameter(name: "l1", value: options.l1, requirement: "≥ 0 and finite")
    }
    if !(options.tolerance >= 0) {
        throw OptimizationError.invalidParameter(name: "tolerance", value: options.tolerance, requirement: "≥ 0")
    }
    if let epochs = options.epochs, epochs < 0 {
        throw OptimizationError.invalidParameter(name: "epochs", value: Double(epochs), requirement: "≥ 0")
    }
    if options.batchSize < 1 {
        throw OptimizationError.invalidParameter(name: "batch size", value: Double(options.batchSize), requirement: "at least 1")
    }
}

/// Half of 1/L, with L the gradient's Lipschitz constant estimated on the file's first block of rows.
private func streamingDefaultStep(path: String, target: String, features: [String]?) throws -> Double {
    var stream = try CSVStream(path: path, target: target, features: features)
    guard let block = try stream.nextBlock(maximumRows: 1 << 16) else {
        throw LearningError.noData("the file has a header but no data rows")
    }
    let data = try Dataset(features: block.features, targets: block.targets, featureNames: stream.columns.featureNames)
    return LinearRegression(data).defaultStep() / 2
}
