import AutoDiff
import Plots

/// Section 1, "The Power of Derivatives": f(x) = x² has f′(x) = 2x, the slope of the tangent.
enum DerivativeSection {
    /// The point where the tangent is drawn and the numbers are shown.
    static let point = 1.5
    /// Points where f′(x) = 2x is checked bit for bit.
    static let samplePoints = [-2.0, -0.5, 0, 1.5, 3]

    static func build() throws -> (TourSection, [TourFigure]) {
        let x0 = point
        let (value, slope) = valueWithDerivative(at: x0) { x in x * x }
        let reverse = gradient(at: [x0]) { v in v[0] * v[0] }[0]
        let difference = centralDifference(at: x0) { $0 * $0 }
        let symbolic = try symbolicDerivative(of: "x^2", withRespectTo: ["x"], lhs: "f′(x)", steps: ["x"])
        var example = TourExample(title: "f(x) = x²", formula: "f(x) = x²", point: "x = \(show(x0))",
                                  symbolic: symbolic.results, steps: symbolic.steps)
        example.values = [
            TourValue("f(\(show(x0)))", value),
            TourValue("f′(\(show(x0)))", slope),
            TourValue("tangent intercept", value - slope * x0),
        ]
        example.checks = [
            TourCheck("forward mode f′(\(show(x0))) = 2·\(show(x0))", computed: slope, reference: 2 * x0,
                      method: "closed form 2x"),
            TourCheck("reverse mode agrees with forward mode", computed: reverse, reference: slope, method: "forward mode"),
            TourCheck("Slope's symbolic f′(x), evaluated at \(show(x0)), agrees", computed: symbolic.values(at: [x0]),
                      reference: [slope], method: "forward mode"),
            TourCheck("central difference ≈ f′(\(show(x0)))", computed: difference, reference: slope,
                      method: "finite difference, h = 1e−5", tolerance: finiteDifferenceTolerance(slope)),
            TourCheck("f′(x) = 2x exactly at x = " + samplePoints.map(show).joined(separator: ", "),
                      computed: samplePoints.map { x in derivative(at: x) { $0 * $0 } },
                      reference: samplePoints.map { 2 * $0 }, method: "closed form 2x"),
        ]
        example.notes = [
            "tangent at x = \(show(x0)): y = \(show(value)) + \(show(slope))·(x − \(show(x0)))",
            "slope > 0: the ground rises to the right; at x = 0 the slope is 0 (the bottom of the valley)",
        ]
        let section = TourSection(
            number: 1, title: "The power of derivatives",
            summary: "A derivative measures how fast f(x) changes as x changes: the slope of the tangent line at each point. For f(x) = x² the slope at x is 2x.",
            examples: [example], figures: [])

        var figure = Figure(title: "f(x) = x², its derivative, and the tangent at x = \(show(x0))", xLabel: "x", yLabel: "y")
        figure.add(Curve(sampling: { $0 * $0 }, over: -3...3, label: "f(x) = x²"))
        figure.add(Curve(sampling: { x in derivative(at: x) { $0 * $0 } }, over: -3...3, label: "f′(x) = 2x (forward mode)",
                         style: LineStyle(color: Palette.green)))
        figure.add(TangentLine(at: PlotPoint(x0, value), slope: slope,
                               label: "tangent: y = \(show(value)) + \(show(slope))(x − \(show(x0)))"))
        let figures = [TourFigure(file: "1-derivative.svg", caption: "x², its derivative 2x, and the tangent at x = \(show(x0))",
                                  document: figure)]
        return (section, figures)
    }
}
