import AutoDiff
import Foundation
import Optimizers
import Plots

/// The optimizers `slope minimize` offers.
public enum OptimizerChoice: String, CaseIterable, Sendable, Codable {
    /// Gradient descent (Armijo line search unless a learning rate is given).
    case gd
    /// Heavy-ball momentum.
    case momentum
    /// Nesterov's accelerated gradient.
    case nesterov
    /// Adam.
    case adam
    /// The subgradient method with steps η/√(k+1) (for kinked losses).
    case subgradient

    /// The learning rate used when none is given (nil: gradient descent's line search needs none).
    public var defaultLearningRate: Double? {
        switch self {
        case .gd: nil
        case .momentum, .nesterov: 0.01
        case .adam, .subgradient: 0.1
        }
    }
}

/// How to minimize.
public struct MinimizationRequest: Sendable {
    /// Which optimizer.
    public var optimizer: OptimizerChoice = .gd
    /// Its learning rate (nil for the optimizer's default).
    public var learningRate: Double?
    /// The most steps to take.
    public var steps = 1000
    /// Stop when ‖∇f‖ falls below this.
    public var gradientTolerance = 1e-8
    /// The starting point, one value per variable.
    public var start: [Double]

    /// A request starting at `start`.
    public init(start: [Double], optimizer: OptimizerChoice = .gd, learningRate: Double? = nil, steps: Int = 1000,
                gradientTolerance: Double = 1e-8) {
        self.start = start
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.steps = steps
        self.gradientTolerance = gradientTolerance
    }
}

/// The outcome of a minimization, as `slope minimize --json` prints it.
public struct MinimizationSummary: Sendable, Codable, Equatable {
    /// The variables, in order.
    public let variables: [String]
    /// The final point, by variable name.
    public let point: [String: Double]
    /// f at the final point.
    public let value: Double
    /// ‖∇f‖ at the final point.
    public let gradientNorm: Double
    /// Steps taken.
    public let iterations: Int
    /// The optimizer's name.
    public let optimizer: String
    /// Why it stopped: `gradientNorm`, `relativeChange` or `iterationCap`.
    public let stopReason: String
    /// The final point in variable order.
    public var coordinates: [Double] { variables.map { point[$0] ?? .nan } }
}

/// A finished minimization: the summary, the run (path and history) and its figure.
public struct Minimization: Sendable {
    /// The numbers.
    public let summary: MinimizationSummary
    /// The recorded run.
    public let run: RecordedMinimization
}

/// Minimizes f from the request's start with the chosen optimizer, recording the path.
/// The final point is the last iterate (where the stopping rule was checked).
public func minimizeFunction(_ f: some ScalarFunction, _ request: MinimizationRequest) throws -> Minimization {
    guard !f.variables.isEmpty else {
        throw RecipeError.wrongVariableCount(needed: "at least one variable", variables: [], hint: "")
    }
    guard request.start.count == f.variables.count else {
        throw RecipeError.badSetting(name: "starting point", value: "with \(request.start.count) values",
                                     requirement: "one value per variable (\(f.variables.joined(separator: ", ")))")
    }
    guard request.steps >= 0 else {
        throw RecipeError.badSetting(name: "step count", value: "\(request.steps)", requirement: "0 or more")
    }
    let objective = Objective(dimension: f.variables.count) { f($0) }
    let stopping = StoppingRule(gradientTolerance: request.gradientTolerance, maximumIterations: request.steps)
    let rate = request.learningRate ?? request.optimizer.defaultLearningRate
    let run: RecordedMinimization
    switch request.optimizer {
    case .gd:
        var o = try GradientDescent(step: rate.map { .fixed($0) } ?? .backtracking())
        run = try minimizeRecordingPath(objective, from: request.start, using: &o, stopping: stopping)
    case .momentum:
        var o = try Momentum(learningRate: rate ?? 0.01)
        run = try minimizeRecordingPath(objective, from: request.start, using: &o, stopping: stopping)
    case .nesterov:
        var o = try Nesterov(learningRate: rate ?? 0.01)
        run = try minimizeRecordingPath(objective, from: request.start, using: &o, stopping: stopping)
    case .adam:
        var o = try Adam(learningRate: rate ?? 0.1)
        run = try minimizeRecordingPath(objective, from: request.start, using: &o, stopping: stopping)
    case .subgradient:
        var o = try SubgradientMethod(initialStep: rate ?? 0.1)
        run = try minimizeRecordingPath(objective, from: request.start, using: &o, stopping: stopping)
    }
    let last = run.path.last ?? run.result.point
    let final = try objective.valueWithGradient(last)
    let summary = MinimizationSummary(
        variables: f.variables,
        point: Dictionary(uniqueKeysWithValues: zip(f.variables, last)),
        value: final.value, gradientNorm: final.gradient.reduce(0) { $0 + $1 * $1 }.squareRoot(),
        iterations: run.result.iterations, optimizer: run.result.optimizer, stopReason: run.result.reason.rawValue)
    return Minimization(summary: summary, run: run)
}

/// The picture of a minimization: for one variable the curve with the iterates on it, for two the
/// descent path over the contours, otherwise the loss per iteration.
public func minimizationFigure(_ f: some ScalarFunction, label: String, _ m: Minimization) -> Figure {
    let path = m.run.path
    let name = m.summary.optimizer
    switch f.variables.count {
    case 1:
        let xs = path.map { $0[0] }
        let low = xs.min() ?? -1, high = xs.max() ?? 1
        let pad = Swift.max(1, 0.3 * (high - low))
        var figure = Figure(title: "Minimizing f(\(f.variables[0])) = \(label) with \(name)", xLabel: f.variables[0], yLabel: "f")
        figure.add(Curve(sampling: { x in f([x]) }, over: (low - pad)...(high + pad), label: "f"))
        figure.add(DescentPath(points: path.map { PlotPoint($0[0], f($0)) }, label: "\(name): \(m.summary.iterations) steps"))
        return figure
    case 2:
        let xs = path.map { $0[0] }, ys = path.map { $0[1] }
        var (x0, x1) = (xs.min() ?? -1, xs.max() ?? 1), (y0, y1) = (ys.min() ?? -1, ys.max() ?? 1)
        let span = Swift.max(2, 1.3 * Swift.max(x1 - x0, y1 - y0))
        (x0, x1) = ((x0 + x1) / 2 - span / 2, (x0 + x1) / 2 + span / 2)
        (y0, y1) = ((y0 + y1) / 2 - span / 2, (y0 + y1) / 2 + span / 2)
        var figure = Figure(title: "Minimizing f(\(f.variables[0]), \(f.variables[1])) = \(label)",
                            xLabel: f.variables[0], yLabel: f.variables[1])
        figure.equalAspect = true
        figure.yPadding = 0
        figure.legendPlacement = .right
        figure.width = 900
        figure.height = 560
        figure.add(ContourLines(x: x0...x1, y: y0...y1, resolution: 121, label: "contours of f") { u, v in f([u, v]) })
        figure.add(DescentPath(points: path.map { PlotPoint($0[0], $0[1]) },
                               label: "\(name): \(m.summary.iterations) steps"))
        return figure
    default:
        return Figure.lossCurve([(name, m.run.result.history.map(\.loss))],
                                title: "Minimizing \(label): loss per iteration")
    }
}
