import AutoDiff
import Plots

/// What to draw for a function of one variable.
public struct FunctionPlotRequest: Sendable {
    /// The function's text, used in labels.
    public var label: String
    /// The x-interval drawn.
    public var range: ClosedRange<Double> = -3...3
    /// Where to draw a tangent line, if anywhere.
    public var tangentAt: Double?
    /// Where to draw the fan of subgradient lines, if anywhere.
    public var subgradientsAt: Double?
    /// Whether to draw the derivative as a second curve.
    public var showDerivative = true

    /// A request to draw `label` over `range`.
    public init(label: String, range: ClosedRange<Double> = -3...3, tangentAt: Double? = nil,
                subgradientsAt: Double? = nil, showDerivative: Bool = true) {
        self.label = label
        self.range = range
        self.tangentAt = tangentAt
        self.subgradientsAt = subgradientsAt
        self.showDerivative = showDerivative
    }
}

/// The numbers behind a point drawn on a function plot.
public struct PointSummary: Sendable, Codable, Equatable {
    /// The point x₀.
    public let x: Double
    /// f(x₀).
    public let value: Double
    /// The derivative at x₀ (the kink policy's choice at a kink).
    public let derivative: Double
    /// The subdifferential [lower, upper] at x₀ (one point where f is differentiable).
    public let subdifferential: [Double]
    /// Whether differentiating at x₀ met a kink.
    public let kink: Bool
}

/// A drawn function plot and the numbers it shows.
public struct FunctionPlot: Sendable {
    /// The figure.
    public let figure: Figure
    /// The tangent point, when one was asked for.
    public let tangent: PointSummary?
    /// The kink point, when subgradients were asked for.
    public let subgradients: PointSummary?
}

/// The value, derivative and subdifferential of a one-variable function at `x`; the interval is
/// AutoDiff's exact [f′₋(x), f′₊(x)] from two one-sided passes.
public func pointSummary(of f: some ScalarFunction, at x: Double) -> PointSummary {
    let (result, kinks) = withKinkPolicy(.minimumNorm) { valueWithDerivative(at: x) { f([$0]) } }
    let sub = subdifferential(at: x) { f([$0]) }
    let interval = sub.interval.map { [$0.lowerBound, $0.upperBound] } ?? [.nan, .nan]
    return PointSummary(x: x, value: result.value, derivative: result.derivative, subdifferential: interval,
                        kink: !kinks.isEmpty)
}

/// Draws f over the range with (optionally) its derivative, a tangent line and a subgradient fan —
/// `slope plot "abs(x)" --subgradients-at 0` redraws the article's Figure 1.
///
/// Throws `RecipeError` unless f has exactly one variable (or none: a constant) and the range is valid.
public func plotFunction(_ f: some ScalarFunction, _ request: FunctionPlotRequest) throws -> FunctionPlot {
    guard f.variables.count <= 1 else {
        throw RecipeError.wrongVariableCount(needed: "one variable", variables: f.variables,
                                             hint: "use --contour for a function of two variables")
    }
    try requireRange(request.range, "range")
    let name = f.variables.first ?? "x"
    var figure = Figure(title: "f(\(name)) = \(request.label)", xLabel: name, yLabel: "y")
    figure.add(Curve(sampling: { x in f([x]) }, over: request.range, label: "f(\(name)) = \(request.label)"))
    if request.showDerivative {
        figure.add(Curve(points: derivativeSamples(f, over: request.range), label: "f′(\(name)), forward mode",
                         style: LineStyle(color: Palette.green, width: 2)))
    }
    var tangent: PointSummary?
    if let x0 = request.tangentAt {
        let s = pointSummary(of: f, at: x0)
        tangent = s
        figure.add(TangentLine(at: PlotPoint(x0, s.value), slope: s.derivative,
                               label: "tangent at \(name) = \(formatNumber(x0)), slope \(formatNumber(s.derivative))"))
    }
    var subgradients: PointSummary?
    if let x0 = request.subgradientsAt {
        let s = pointSummary(of: f, at: x0)
        subgradients = s
        guard s.subdifferential.allSatisfy(\.isFinite), s.subdifferential[0] <= s.subdifferential[1] else {
            throw RecipeError.badSetting(name: "--subgradients-at", value: formatNumber(x0),
                                         requirement: "a point where the one-sided derivatives are finite")
        }
        let interval = s.subdifferential[0]...s.subdifferential[1]
        let text = interval.lowerBound == interval.upperBound
            ? "slope \(formatNumber(interval.lowerBound)) (differentiable here)"
            : "slopes g ∈ [\(formatNumber(interval.lowerBound)), \(formatNumber(interval.upperBound))]"
        figure.add(SubgradientFan(at: PlotPoint(x0, s.value), slopes: interval, label: text))
    }
    return FunctionPlot(figure: figure, tangent: tangent, subgradients: subgradients)
}

/// Samples f′ by forward mode; a sample that lands on a kink is left out (NaN), so the derivative's
/// jump shows as a gap instead of a vertical line.
func derivativeSamples(_ f: some ScalarFunction, over range: ClosedRange<Double>, count: Int = 401) -> [PlotPoint] {
    (0..<count).map { i in
        let x = range.lowerBound + (range.upperBound - range.lowerBound) * Double(i) / Double(count - 1)
        let (d, kinks) = withKinkPolicy(.minimumNorm) { derivative(at: x) { f([$0]) } }
        return PlotPoint(x, kinks.isEmpty ? d : .nan)
    }
}
